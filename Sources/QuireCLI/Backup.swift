import ArgumentParser
import Foundation
import QuireCore

/// `quire backup FILE`: a consistent copy of the database, safe to take while the server runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Copy the database to a file, even while the server runs.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The file to write the copy to.", valueName: "file"))
    var file: String

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            try requireSQLite(config, for: "backup")
            let database = try openDatabase(config)
            try await database.backup(to: file, replacing: force)
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            print("Backed up \(config.database.path) to \(file) (\(size / 1024) KiB), integrity_check: ok")
        }
    }
}
