import ArgumentParser
import QuireCore

/// `quire migrate`: bring the database's schema up to date and say where it stands.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            let (name, applied) = try await withBlogDatabase(config) { store in
                switch store {
                case .sqlite(let database): (config.database.path, try Migrations.bundled().applied(in: database.reader))
                case .postgres(let database): (database.address.description, try await Migrations.bundled(for: .postgres).applied(in: database))
                }
            }
            print("\(name): \(applied.count) migrations applied, the last \(applied.last ?? "none")")
        }
    }
}
