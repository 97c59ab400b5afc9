import ArgumentParser
import Foundation
import QuireCore

/// The `--config FILE` option every command takes, and loading the config it names.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "file"))
    var config: String?

    /// The config from the file (or the built-in defaults) and the `QUIRE_*` environment variables.
    func load() throws -> QuireConfig {
        let loader = ConfigLoader(
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        )
        return try loader.load(path: config)
    }
}

/// Runs a command's body so that any failure prints one line, `quire: …`, and exits non-zero.
func runReportingFailure(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("quire: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// A command's failure, in a sentence that says what to do; printed as `quire: …`.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
