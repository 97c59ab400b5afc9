import ArgumentParser
import Foundation
import QuireCore

/// `quire copy-database --to URL`: the configured blog copied whole into an empty database of
/// the other engine (PostgreSQL from SQLite, SQLite from PostgreSQL), then checked table by table.
struct CopyDatabase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-database",
        abstract: "Copy the blog to an empty database of the other engine and check the copy.",
        discussion: """
            The target is postgres://USER:PASS@HOST:PORT/DB when the blog is on SQLite, or a SQLite \
            file (a path, or sqlite:PATH) when the blog is on PostgreSQL. A PostgreSQL target is migrated \
            first and must hold no blog; a SQLite file must not exist yet (or be empty). Leave the \
            password out of the URL and set PGPASSWORD to keep it out of the process list. Each \
            table's rows and checksum are printed, the same on both sides.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The database to copy into.", valueName: "url"))
    var to: String

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            let progress: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("copy-database: \($0)\n".utf8)) }
            let checks: [DatabaseCopy.TableCheck]
            if to.hasPrefix("postgres://") || to.hasPrefix("postgresql://") {
                guard config.database.url == nil else { throw CopyError.sameEngine }
                var address = try PostgresAddress(url: to)
                // As libpq does: a password left out of the URL (and so of the process list) comes from PGPASSWORD.
                address.password = address.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
                let source = try openDatabase(config)
                checks = try await withPostgres(address, config) { target in
                    try await DatabaseCopy(from: .sqlite(source), to: .postgres(target)).run(progress: progress)
                }
            } else {
                guard config.database.url != nil else { throw CopyError.sameEngine }
                let path = to.hasPrefix("sqlite:") ? String(to.dropFirst("sqlite:".count)) : to
                checks = try await NewSQLiteFile.write(to: path, replacing: false) { target in
                    try await withBlogDatabase(config) { source in try await DatabaseCopy(from: source, to: .sqlite(target)).run(progress: progress) }
                }
            }
            for check in checks { print("\(check.table): \(check.rows) rows, sha256 \(check.checksum)") }
            print("Copied and checked \(checks.count) tables, \(checks.reduce(0) { $0 + $1.rows }) rows, into \(Self.redacted(to))")
        }
    }

    /// The URL without its password, for printing.
    static func redacted(_ url: String) -> String {
        (try? PostgresAddress(url: url).description) ?? url
    }
}
