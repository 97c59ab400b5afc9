import Foundation
import GRDB

/// Puts a backup in place of the blog's database (its posts, comments, settings and media
/// alike): the backup is checked first, and the database it replaces is kept beside it.
public enum DatabaseRestore {
    /// Why a backup was not put in place; nothing was changed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case damaged(String)
        case newer(unknownMigrations: [String])

        public var description: String {
            switch self {
            case .unreadable(let reason): "the backup can't be opened as a Quire database: \(reason)"
            case .damaged(let report): "the backup fails SQLite's integrity_check (\(report)); nothing was changed"
            case .newer(let names): "the backup was made by a newer Quire (unknown migrations: \(names.joined(separator: ", "))); run a newer quire to restore it"
            }
        }
    }

    /// Checks `backup` (integrity, and migrations this Quire knows), keeps the database at
    /// `databasePath` as `{databasePath}.before-restore-{time}` when there is one, and puts a
    /// copy of the backup in its place. Returns where the previous database was kept, if any.
    /// The caller holds the `ServerLock`, so no server has the database open.
    public static func restore(backup: String, to databasePath: String, migrations: Migrations, now: Date) async throws -> String? {
        try await check(backup: backup, migrations: migrations)
        let fileManager = FileManager.default
        var kept: String?
        if fileManager.fileExists(atPath: databasePath) {
            let keptPath = databasePath + ".before-restore-" + Self.stamp(now)
            do {
                // Copied through SQLite, so what a write-ahead log still holds comes along.
                let current = try DatabaseQueue(path: databasePath)
                try await current.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [keptPath]) }
                try current.close()
            } catch {
                // A damaged database (the usual reason to restore) can't be read through: its
                // files are kept as they are instead.
                try? fileManager.removeItem(atPath: keptPath)
                for suffix in ["", "-wal"] where fileManager.fileExists(atPath: databasePath + suffix) {
                    try fileManager.copyItem(atPath: databasePath + suffix, toPath: keptPath + suffix)
                }
            }
            kept = keptPath
        } else if fileManager.fileExists(atPath: databasePath + "-wal") {
            // A write-ahead log without its database may hold the last commits: kept, not deleted.
            let keptPath = databasePath + ".before-restore-" + Self.stamp(now)
            try fileManager.copyItem(atPath: databasePath + "-wal", toPath: keptPath + "-wal")
            kept = keptPath + "-wal"
        }
        let target = URL(fileURLWithPath: databasePath)
        try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).restoring-\(UUID().uuidString)")
        defer { try? fileManager.removeItem(at: partial) }
        try fileManager.copyItem(atPath: backup, toPath: partial.path)
        try Self.checkCopy(partial.path)
        // A log or shared-memory file of the replaced database must not be read as the new one's.
        for suffix in ["-wal", "-shm"] { try? fileManager.removeItem(atPath: databasePath + suffix) }
        guard rename(partial.path, databasePath) == 0 else {
            throw Failure.unreadable("can't move it into place at \(databasePath): \(String(cString: strerror(errno)))")
        }
        // The rename itself reaches the disk with its folder.
        let folder = open(target.deletingLastPathComponent().path, O_RDONLY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        return kept
    }

    /// The backup opens, passes `integrity_check`, and holds no migration this Quire lacks.
    static func check(backup: String, migrations: Migrations) async throws {
        guard FileManager.default.isReadableFile(atPath: backup) else { throw Failure.unreadable("no such file, or no permission to read it") }
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: backup, configuration: configuration)
        } catch let error as DatabaseError {
            throw Failure.unreadable(error.message ?? "\(error.resultCode)")
        }
        defer { try? queue.close() }
        let integrity: [String]
        let applied: Set<String>
        let migrator = migrations.migrator
        do {
            integrity = try await queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            applied = try await queue.read { db in try migrator.appliedIdentifiers(db) }
        } catch let error as DatabaseError {
            throw Failure.unreadable(error.message ?? "\(error.resultCode)")
        }
        guard integrity == ["ok"] else { throw Failure.damaged(integrity.prefix(3).joined(separator: "; ")) }
        guard !applied.isEmpty else { throw Failure.unreadable("it holds no Quire tables") }
        let unknown = applied.subtracting(migrations.files.map(\.name))
        guard unknown.isEmpty else { throw Failure.newer(unknownMigrations: unknown.sorted()) }
    }

    /// The copy made of the backup is on disk, whole, before it is renamed into place.
    private static func checkCopy(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw Failure.unreadable("can't write its copy to disk: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        let copy = try DatabaseQueue(path: path)
        let integrity = try copy.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        try copy.close()
        guard integrity == ["ok"] else { throw Failure.damaged("its copy: " + integrity.prefix(3).joined(separator: "; ")) }
    }

    private static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
