import Foundation
import GRDB

/// The numbered `.sql` files of one engine's folder of `Migrations/`, applied in order, each once,
/// in its own transaction.
public struct Migrations: Sendable {
    /// One migration: its file name without `.sql` (the identifier recorded in the database) and SQL.
    public struct File: Sendable, Equatable {
        public var name: String
        public var sql: String

        public init(name: String, sql: String) {
            self.name = name
            self.sql = sql
        }
    }

    public let files: [File]

    public init(files: [File]) {
        self.files = files.sorted { $0.name < $1.name }
    }

    /// The migrations for an engine shipped inside the binary's resource bundle.
    public static func bundled(for engine: DatabaseEngine = .sqlite) throws -> Migrations {
        guard let directory = MigrationResources.directory(for: engine) else {
            throw MigrationError.missingResources
        }
        return try Migrations(directory: directory)
    }

    /// Every `NNNN_name.sql` file of a folder.
    public init(directory: URL) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.unreadable(directory.path)
        }
        let files = try names.filter { $0.hasSuffix(".sql") }.map { name in
            let url = directory.appendingPathComponent(name)
            guard let sql = try? String(contentsOf: url, encoding: .utf8) else {
                throw MigrationError.unreadable(url.path)
            }
            return File(name: String(name.dropLast(4)), sql: sql)
        }
        self.init(files: files)
    }

    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in files {
            migrator.registerMigration(file.name) { db in
                do {
                    try db.execute(sql: file.sql)
                } catch let error as DatabaseError {
                    throw MigrationError.failed(file: file.name + ".sql", reason: error.message ?? "\(error.resultCode)")
                }
            }
        }
        return migrator
    }

    /// Applies every migration the database lacks; refuses a database that a newer Quire migrated.
    /// `announceUpgrade` is told the migrations about to run on a database that already had some
    /// (an upgrade, which can rewrite large tables), not on a new one.
    public func apply(to writer: any DatabaseWriter, announceUpgrade: ([String]) -> Void = { _ in }) throws {
        let migrator = self.migrator
        let known = Set(files.map(\.name))
        let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
        let unknown = applied.subtracting(known)
        guard unknown.isEmpty else {
            throw MigrationError.databaseIsNewer(unknownMigrations: unknown.sorted())
        }
        let pending = files.map(\.name).filter { !applied.contains($0) }.sorted()
        if !applied.isEmpty && !pending.isEmpty { announceUpgrade(pending) }
        try migrator.migrate(writer)
    }

    /// The names of the migrations that have been applied to a database.
    public func applied(in reader: any DatabaseReader) throws -> [String] {
        try reader.read { db in try migrator.appliedMigrations(db) }
    }
}

/// Why the schema could not be brought up to date.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case missingResources
    case unreadable(String)
    case failed(file: String, reason: String)
    case databaseIsNewer(unknownMigrations: [String])

    public var description: String {
        switch self {
        case .missingResources:
            "the migrations are missing from the binary's resource bundle; reinstall quire with its *.resources folders beside it"
        case .unreadable(let path):
            "can't read the migration \(path)"
        case .failed(let file, let reason):
            "migration \(file) failed and was rolled back: \(reason)"
        case .databaseIsNewer(let names):
            "the database was migrated by a newer Quire (unknown migrations: \(names.joined(separator: ", "))); run a newer quire or restore a backup"
        }
    }
}
