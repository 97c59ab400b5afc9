import ArgumentParser
import Foundation
import QuireCore

/// `quire restore FILE`: a backup made by `quire backup` put in place of the database, with its
/// media. Refused while a server uses the database; the database it replaces is kept beside it
/// (on PostgreSQL, as a SQLite file beside the backup).
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a backup in place of the database (stop the server first); the current database is kept beside it."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The backup file to restore.", valueName: "file"))
    var file: String

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            if let address = config.database.url { return try await restorePostgres(address, config) }
            let path = config.database.path
            // Held until the command ends: no server can start on the database meanwhile.
            let lock = try ServerLock(databasePath: path, mode: .exclusive)
            let kept = try await DatabaseRestore.restore(backup: file, to: path, migrations: try .bundled(), now: WallClock.system.now())
            withExtendedLifetime(lock) {}
            print("Restored \(file) to \(path)" + (kept.map { "; the database it replaced is kept as \($0)" } ?? ""))
        }
    }

    /// On PostgreSQL: the blog it replaces is kept as a SQLite file beside the backup.
    private func restorePostgres(_ address: PostgresAddress, _ config: QuireConfig) async throws {
        let backup = URL(fileURLWithPath: file)
        let stamp = ISO8601DateFormatter().string(from: WallClock.system.now()).replacingOccurrences(of: ":", with: "")
        let kept = backup.deletingLastPathComponent().appendingPathComponent("\(address.database).before-restore-\(stamp).sqlite").path
        let file = file
        let checks = try await withPostgres(address, config) { database in
            try await DatabaseRestore.restore(
                backup: file, to: database, keepingCurrentAt: kept, migrations: try .bundled(), scratchFolder: backup.deletingLastPathComponent()
            )
        }
        print("Restored \(file) to \(address): \(checks.count) tables, \(checks.reduce(0) { $0 + $1.rows }) rows, each checked; the blog it replaced is kept as \(kept)")
    }
}
