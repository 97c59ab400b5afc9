import Foundation
import GRDB
import PostgresNIO

/// `quire restore` on PostgreSQL. The backup is a SQLite file, as `quire backup` writes on either
/// engine; it is checked as on SQLite, the blog it replaces is kept as a SQLite file, and then,
/// in one transaction, every table is emptied and the backup copied in and checked, so a failure
/// leaves the blog as it was.
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
        let others = try await database.rows("""
            SELECT coalesce(nullif(application_name, ''), 'pid ' || pid) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name <> \(PostgresDatabase.applicationName)
            ORDER BY pid
            """).map { try $0.decode(String.self) }
        guard others.isEmpty else { throw InUse(connections: others) }

        let kept = try AppDatabase.open(path: keptPath)
        _ = try await DatabaseCopy(from: .postgres(database), to: .sqlite(kept)).run()
        try kept.close()

        let scratch = scratchFolder.appendingPathComponent("quire-restore-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) } }
        try FileManager.default.copyItem(atPath: backup, toPath: scratch)
        // An older backup is brought to this Quire's schema, in the scratch copy only.
        let source = try AppDatabase.open(path: scratch, migrations: migrations)
        return try await DatabaseCopy(from: .sqlite(source), to: .postgres(database), replacing: true).run()
    }
}
