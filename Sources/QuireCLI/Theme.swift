import ArgumentParser
import Foundation
import QuireWeb

/// `quire theme export DIR`: the built-in theme as a folder to start a theme from.
struct Theme: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with themes (docs/theme.md).",
        subcommands: [Export.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in theme's templates and static files into a folder; name it as `theme` in the config to use it."
        )

        @Argument(help: "The folder to write; made if missing.")
        var folder: String

        @Flag(name: .long, help: "Replace theme files already in the folder.")
        var force = false

        func run() async throws {
            try await runReportingFailure {
                let url = URL(fileURLWithPath: folder, isDirectory: true)
                let written = try ThemeExport.write(to: url, replacing: force)
                print("Wrote \(written.count) files to \(url.path): templates/ and static/. Set \"theme\": \"\(folder)\" in the config to use them.")
            }
        }
    }
}
