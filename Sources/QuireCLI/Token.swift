import ArgumentParser
import Foundation
import QuireCore

/// `quire token …`: the bearer tokens that authors use with the API.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API tokens for authors.",
        subcommands: [Create.self]
    )

    /// `quire token create --name NAME`: prints a new token once; only its hash is kept.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token; it is printed once, on the last line.")

        @OptionGroup var options: ConfigOptions

        @Option(name: .long, help: "A name to recognise the token by, such as the device or script using it.")
        var name: String

        func run() async throws {
            try await runReportingFailure {
                let config = try options.load()
                let name = name
                let token = try await withBlogDatabase(config) { store in try await store.tokens.create(name: name, now: WallClock.system.now()) }
                print("Created the token '\(name)'. Keep it safe: it is shown only this once. Use it as Authorization: Bearer TOKEN.")
                print(token)
            }
        }
    }
}
