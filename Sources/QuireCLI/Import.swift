import ArgumentParser
import Foundation
import QuireCore

/// `quire import PATH…`: Markdown files with front matter become posts; a folder imports every
/// `.md` file in it. Each file imports whole or not at all; the others still import.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import Markdown files (or folders of them) as posts.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("Markdown files or folders to import.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Name at least one Markdown file or folder to import.") }
    }

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            let files = try MarkdownImporter.markdownFiles(in: paths)
            guard !files.isEmpty else { throw ImportProblem("no .md files found in \(paths.joined(separator: ", "))") }
            // An import writes indexes far larger than SQLite's default 2 MiB page cache.
            try await withBlogDatabase(config, sqlitePageCacheMiB: 64) { blog in try await Self.importFiles(files, into: blog, config: config) }
        }
    }

    private static func importFiles(_ files: [String], into blog: BlogDatabase, config: QuireConfig) async throws {
        let importer = MarkdownImporter(blog: blog, defaultAuthor: config.site.author)
        let progress = ProgressLine(total: files.count, noun: "files")
        // On a terminal, a long import shows its progress instead of a line for every file.
        let listsEveryFile = files.count <= 100 || isatty(STDOUT_FILENO) == 0
        var failures = 0
        let weightsProgress = LazyProgressLine(noun: "posts' related-post weights") { progress.finish() }
        try await importer.importFiles(
            at: files, now: WallClock.system.now(), onBatch: { progress.advance(by: $0) },
            onWeights: { weightsProgress.advance(to: $0, of: $1) }
        ) { file, outcome in
            switch outcome {
            case .created(let path, let ignored):
                if listsEveryFile || !ignored.isEmpty { progress.print("created \(path) from \(file)\(Self.note(ignored))") }
            case .updated(let path, let ignored):
                if listsEveryFile || !ignored.isEmpty { progress.print("updated \(path) from \(file)\(Self.note(ignored))") }
            case .failed(let problem):
                failures += 1
                progress.printError("quire: \(file): \(problem); nothing imported from it")
            }
        }
        progress.finish()
        weightsProgress.finish()
        print("\(files.count - failures) of \(files.count) files imported; related-post weights computed")
        if failures > 0 { throw ExitCode.failure }
    }

    private static func note(_ ignoredKeys: [String]) -> String {
        ignoredKeys.isEmpty ? "" : " (ignored front matter keys: \(ignoredKeys.joined(separator: ", ")))"
    }
}
