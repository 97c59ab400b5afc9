import ArgumentParser
import Foundation
import QuireCore

/// `quire backup FILE`: a consistent copy of the database, safe to take while the server runs. On
/// PostgreSQL the copy is a SQLite file, made and checked as `quire copy-database` makes one:
/// `quire restore` puts it back on SQLite, and `quire copy-database` moves it to PostgreSQL again.
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
            if config.database.url != nil { return try await backUpPostgres(config) }
            let database = try openDatabase(config)
            try await database.backup(to: file, replacing: force)
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            print("Backed up \(config.database.path) to \(file) (\(size / 1024) KiB), integrity_check: ok")
        }
    }

    /// The PostgreSQL blog copied into a new SQLite file, checked table by table, then given the
    /// name `file` (`NewSQLiteFile`).
    private func backUpPostgres(_ config: QuireConfig) async throws {
        if FileManager.default.fileExists(atPath: file), !force { throw AppDatabase.BackupError.exists(file) }
        let checks = try await NewSQLiteFile.write(to: file, replacing: true) { copy in
            try await withBlogDatabase(config) { source in try await DatabaseCopy(from: source, to: .sqlite(copy)).run() }
        }
        print("Backed up \(config.database.url.map(\.description) ?? "") to \(file) as a SQLite file: \(checks.count) tables, \(checks.reduce(0) { $0 + $1.rows }) rows, each checked")
    }
}
