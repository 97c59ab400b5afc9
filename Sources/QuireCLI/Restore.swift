import ArgumentParser
import Foundation
import QuireCore

/// `quire restore FILE`: a backup made by `quire backup` put in place of the database, with its
/// media. Refused while a server uses the database; the database it replaces is kept beside it.
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
            try requireSQLite(config, for: "restore")
            let path = config.database.path
            // Held until the command ends: no server can start on the database meanwhile.
            let lock = try ServerLock(databasePath: path, mode: .exclusive)
            let kept = try await DatabaseRestore.restore(backup: file, to: path, migrations: try .bundled(), now: WallClock.system.now())
            withExtendedLifetime(lock) {}
            print("Restored \(file) to \(path)" + (kept.map { "; the database it replaced is kept as \($0)" } ?? ""))
        }
    }
}
