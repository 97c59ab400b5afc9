import Foundation
import GRDB
import PostgresNIO
import Synchronization

/// `quire restore` on PostgreSQL. The backup is a SQLite file, as `quire backup` writes on either
/// engine; it is checked as on SQLite. Then, in one transaction that holds every table of Quire's
/// (so nothing is written in between): no other connection may use the database, the blog it
/// replaces is kept as a SQLite file (complete and named before anything is emptied), every
/// table of Quire's is emptied and the backup copied in and checked. A failure before the commit
/// leaves the blog as it was and no kept file; a failed commit leaves the kept file.
extension DatabaseRestore {
    /// Why a restore on PostgreSQL did not start; nothing was changed.
    public struct InUse: Error, CustomStringConvertible {
        public var connections: [String]
        public var description: String {
            "\(connections.count) other connection(s) use the database (\(connections.prefix(3).joined(separator: ", "))); "
                + "stop every quire serve (and psql) on it, then restore"
        }
    }

    /// Restores `backup` into `database`, keeping the blog it replaces at `keptPath` (a new
    /// SQLite file); returns the copied tables' checks. `scratchFolder` holds a migrated copy of
    /// the backup while it is read (the backup itself is never changed).
    public static func restore(
        backup: String, to database: PostgresDatabase, keepingCurrentAt keptPath: String, migrations: Migrations, scratchFolder: URL
    ) async throws -> [DatabaseCopy.TableCheck] {
        try await check(backup: backup, migrations: migrations)
        let scratch = scratchFolder.appendingPathComponent("quire-restore-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) } }
        try FileManager.default.copyItem(atPath: backup, toPath: scratch)
        // An older backup is brought to this Quire's schema, in the scratch copy only.
        let source = SQLiteCopySide(reader: try AppDatabase.open(path: scratch, migrations: migrations).writer)

        // Asked before taking the tables too, so a running server is named rather than waited for.
        try await requireNoOtherConnection(database.rows(otherConnections))
        let progress = Mutex(Progress.started)
        do {
            return try await DatabaseCopy.inTransaction(on: database, readOnly: false) { connection in
                let target = PostgresCopySide(connection: connection)
                do {
                    try await target.lockQuireTables()
                } catch where PostgresFailure.sqlState(of: error) == PostgresFailure.lockNotAvailable {
                    throw InUse(connections: ["a connection that kept Quire's tables busy past the time limit"])
                }
                try await requireNoOtherConnection(connection.rows(otherConnections))
                try await NewSQLiteFile.write(to: keptPath, replacing: false) { kept in
                    _ = try await DatabaseCopy.copy(from: target, to: SQLiteCopySide(writer: kept.writer)) { _ in }
                    try await PostKeywords.refreshStale(in: kept)
                }
                progress.withLock { $0 = .kept }
                try await target.emptyQuireTables()
                let checks = try await DatabaseCopy.copy(from: source, to: target) { _ in }
                progress.withLock { $0 = .committing }
                return checks
            }
        } catch {
            // Rolled back for certain: the blog is as it was, and the copy kept of it is not needed.
            // A commit that failed may have happened, so then the copy stays.
            if progress.withLock({ $0 }) == .kept { try? FileManager.default.removeItem(atPath: keptPath) }
            throw error
        }
    }

    /// How far a restore went, for what its failure leaves behind.
    private enum Progress: Sendable { case started, kept, committing }

    /// Client connections to this database other than this process's own.
    private static var otherConnections: PostgresQuery {
        """
        SELECT coalesce(nullif(application_name, ''), 'pid ' || pid) FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend'
          AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM \(PostgresDatabase.applicationName)
        ORDER BY pid
        """
    }

    private static func requireNoOtherConnection(_ rows: [PostgresRow]) throws {
        let others = try rows.map { try $0.decode(String.self) }
        guard others.isEmpty else { throw InUse(connections: others) }
    }
}
