import ArgumentParser
import Foundation
import QuireCore
import Synchronization

/// `quire import-wordpress FILE.xml`: a WordPress export (Tools → Export → All content) becomes
/// posts and comments. The file is checked whole before anything is written; importing the same
/// file again (after an interruption, say) adds nothing twice.
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
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw ImportProblem("\(file): can't read the file (no such file, or no permission to read it)")
            }
            let database = try openDatabase(config, pageCacheMiB: 64)
            let importer = WordPressImporter(database: database, defaultAuthor: config.site.author)
            // Posts are counted from the importer's own thread.
            let postsProgress = Mutex(LazyProgressLine(noun: "posts"))
            let weightsProgress = LazyProgressLine(noun: "posts' related-post weights") { postsProgress.withLock { $0.finish() } }
            let report: WordPressImportReport
            do {
                report = try await importer.importExport(contentsOf: url, now: WallClock.system.now()) { done, total in
                    postsProgress.withLock { $0.advance(to: done, of: total) }
                } onWeights: { done, total in
                    weightsProgress.advance(to: done, of: total)
                }
            } catch let error as WordPressImportError {
                throw ImportProblem("\(file): \(error)")
            }
            postsProgress.withLock { $0.finish() }
            weightsProgress.finish()
            for line in report.lines { print(line) }
        }
    }
}
