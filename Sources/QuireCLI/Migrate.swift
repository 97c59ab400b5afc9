import ArgumentParser
import QuireCore

/// `quire migrate`: bring the database's schema up to date and say where it stands.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            let database = try openDatabase(config)
            let applied = try Migrations.bundled().applied(in: database.reader)
            print("\(config.database.path): \(applied.count) migrations applied, the last \(applied.last ?? "none")")
        }
    }
}
