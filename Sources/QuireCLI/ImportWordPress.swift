import ArgumentParser
import Foundation
import QuireCore

/// `quire import-wordpress FILE.xml`: a WordPress export (Tools → Export → All content) becomes
/// posts and comments, all in one transaction; importing the same file again adds nothing twice.
struct ImportWordPress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-wordpress",
        abstract: "Import posts, tags, categories and comments from a WordPress export (WXR) file."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The .xml file WordPress exported.", valueName: "file"))
    var file: String

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ImportProblem("\(file): can't read the file (\((error as NSError).localizedDescription))")
            }
            let database = try AppDatabase.open(path: config.database.path)
            let importer = WordPressImporter(database: database, defaultAuthor: config.site.author)
            let report: WordPressImportReport
            do {
                report = try await importer.importExport(data, now: WallClock.system.now())
            } catch let error as WordPressImportError {
                throw ImportProblem("\(file): \(error)")
            }
            for line in report.lines { print(line) }
        }
    }
}
