import ArgumentParser
import Foundation
import QuireCore
import Synchronization

/// `quire import-wordpress FILE.xml [--uploads DIR]`: a WordPress export (Tools → Export → All
/// content) becomes posts, pages and comments, and with a copy of `wp-content/uploads` their
/// images become media. The file is checked whole before anything is written; importing the same
/// file again (after an interruption, say) adds nothing twice.
struct ImportWordPress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-wordpress",
        abstract: "Import posts, pages, tags, categories, comments and images from a WordPress export (WXR) file."
    )

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The .xml file WordPress exported.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("A copy of the old server's wp-content/uploads folder: the images posts and pages show become media.", valueName: "dir"))
    var uploads: String?

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw ImportProblem("\(file): can't read the file (no such file, or no permission to read it)")
            }
            var folder: URL?
            if let uploads {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: uploads, isDirectory: &isFolder), isFolder.boolValue else {
                    throw ImportProblem("\(uploads): not a folder; give --uploads a copy of the old server's wp-content/uploads")
                }
                folder = URL(fileURLWithPath: uploads, isDirectory: true)
            }
            let (file, uploadsFolder) = (file, folder)
            try await withBlogDatabase(config, sqlitePageCacheMiB: 64) { blog in
                let media = try uploadsFolder.map { folder in
                    WordPressImporter.Uploads(
                        folder: folder,
                        media: blog.media(rules: config.media.rules, processor: try ImageProcessor(concurrentImages: config.media.concurrentProcessing))
                    )
                }
                try await Self.importExport(file, into: blog, uploads: media, author: config.site.author)
            }
        }
    }

    private static func importExport(_ file: String, into blog: BlogDatabase, uploads media: WordPressImporter.Uploads?, author: String) async throws {
        let url = URL(fileURLWithPath: file)
        let importer = WordPressImporter(blog: blog, defaultAuthor: author)
        // Posts are counted from the importer's own thread.
        let postsProgress = Mutex(LazyProgressLine(noun: "posts"))
        let imagesProgress = LazyProgressLine(noun: "images")
        let weightsProgress = LazyProgressLine(noun: "posts' related-post weights") { postsProgress.withLock { $0.finish() } }
        let report: WordPressImportReport
        do {
            report = try await importer.importExport(contentsOf: url, uploads: media, now: WallClock.system.now()) { done, total in
                postsProgress.withLock { $0.advance(to: done, of: total) }
            } onImages: { done, total in
                imagesProgress.advance(to: done, of: total)
                // The posts' line follows on a line of its own.
                if done == total { imagesProgress.finish() }
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
