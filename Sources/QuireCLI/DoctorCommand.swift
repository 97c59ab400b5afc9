import ArgumentParser
import Foundation
import Logging
import QuireCore

/// `quire doctor`: checks the config, the database, the migrations, the disk, the media and the
/// image library, changing nothing, and says what to do about each problem. Exits 1 when any
/// check finds a problem (warnings alone exit 0).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the config, database, migrations, free disk and media, and say what to do about each problem."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config: QuireConfig
        do {
            config = try options.load()
        } catch {
            print(DoctorFinding("config", .problem, "\(error)", advice: "Mend the key it names, or remove it to take its default"))
            throw ExitCode(1)
        }
        print(DoctorFinding("config", .ok, "\(options.config ?? "Config/quire.json (or the defaults)") is valid"))
        let findings: [DoctorFinding]
        if let address = config.database.url {
            let doctor = Doctor(config: config, migrations: try .bundled(for: .postgres))
            let database = PostgresDatabase(
                address: address, maximumConnections: 2, timeout: .seconds(config.database.timeoutSeconds), logger: .init(label: "quire.doctor")
            )
            findings = try await database.withRunning { await doctor.examine(postgres: database) }
        } else {
            findings = await Doctor(config: config, migrations: try .bundled()).examine()
        }
        for finding in findings { print(finding) }
        let problems = findings.filter { $0.verdict == .problem }.count
        let warnings = findings.filter { $0.verdict == .warning }.count
        print(problems == 0 && warnings == 0 ? "All is well." : "\(problems) problems, \(warnings) warnings.")
        if problems > 0 { throw ExitCode(1) }
    }
}
