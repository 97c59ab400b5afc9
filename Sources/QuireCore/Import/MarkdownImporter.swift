import Foundation
import GRDB

/// `quire import`: Markdown files with front matter become posts; a file imports whole or not at all.
///
/// On SQLite, files are written many to a transaction, each in a savepoint of its own, and
/// related-post keywords are computed once at the end for all of them, so an import's time grows
/// with the number of files, not with the size of the blog. On PostgreSQL, where processes may
/// serve the blog meanwhile, each file is one save of its own, as from the API.
public struct MarkdownImporter: Sendable {
    /// How the files' posts are written.
    private enum Writer: Sendable {
        case sqliteBatches(SQLitePostStore)
        case eachFile(any PostStore, BlogDatabase)
    }

    private let writer: Writer
    /// How many files are prepared together (and, on SQLite, share one transaction).
    public var batchSize = 500

    public init(store: SQLitePostStore) {
        var store = store
        store.keywords = .deferred
        writer = .sqliteBatches(store)
    }

    /// An importer into the blog's database, either engine; `defaultAuthor` is named on posts that name none.
    public init(blog: BlogDatabase, defaultAuthor: String) {
        switch blog {
        case .sqlite(let database): self = MarkdownImporter(store: SQLitePostStore(database: database, defaultAuthor: defaultAuthor))
        case .postgres: writer = .eachFile(blog.posts(defaultAuthor: defaultAuthor), blog)
        }
    }

    /// What became of one file; `path` is where readers find it (`/posts/slug`, or `/slug` for a page).
    public enum Outcome: Sendable, Equatable {
        case created(path: String, ignoredKeys: [String])
        case updated(path: String, ignoredKeys: [String])
        case failed(problem: String)
    }

    /// The `.md` files that the given paths name: files as given, folders by their `.md` files.
    public static func markdownFiles(in paths: [String]) throws(ImportProblem) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ImportProblem("\(path): no such file or folder")
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw ImportProblem("\(path): can't read the folder")
            }
            let folder = URL(fileURLWithPath: path)
            files += names.filter { $0.lowercased().hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0).path }
        }
        return files
    }

    /// Imports one file: creates its post, or updates the post that has its slug.
    public func importFile(at path: String, now: Date) async -> Outcome {
        do {
            var outcome = Outcome.failed(problem: "not imported")
            try await importFiles(at: [path], now: now) { _, result in outcome = result }
            return outcome
        } catch {
            return .failed(problem: "\(error)")
        }
    }

    /// Imports files in order, telling `onOutcome` what became of each as its batch commits and
    /// `onBatch` how many files that batch held, then computes the related-post keywords of
    /// everything imported (telling `onWeights` how many of how many are done).
    /// Throws only when the database itself fails; a bad file is an outcome.
    ///
    /// While one batch is written, the next is read, parsed and rendered on the other cores.
    public func importFiles(
        at paths: [String], now: Date, onBatch: (Int) -> Void = { _ in }, onWeights: (_ done: Int, _ total: Int) -> Void = { _, _ in },
        onOutcome: (String, Outcome) -> Void
    ) async throws {
        let batches = stride(from: 0, to: paths.count, by: batchSize).map { Array(paths[$0..<min($0 + batchSize, paths.count)]) }
        var prepared = await Self.prepare(batches.first ?? [])
        for (number, batch) in batches.enumerated() {
            async let following = Self.prepare(number + 1 < batches.count ? batches[number + 1] : [])
            let files = prepared
            let outcomes: [Outcome]
            switch writer {
            case .sqliteBatches(let store):
                outcomes = try await store.database.writer.write { db in
                    // The search index is written once for the whole batch.
                    try PostSearchIndex.holdingUpdates(db) { files.map { file in Self.save(file, store: store, now: now, db) } }
                }
            case .eachFile(let posts, _):
                var saved: [Outcome] = []
                for (path, file) in zip(batch, files) {
                    do {
                        saved.append(try await Self.save(file, posts: posts, now: now))
                    } catch StoreError.unavailable {
                        for (path, outcome) in zip(batch, saved) { onOutcome(path, outcome) }
                        throw Interrupted(path: path)
                    }
                }
                outcomes = saved
            }
            for (path, outcome) in zip(batch, outcomes) { onOutcome(path, outcome) }
            onBatch(batch.count)
            prepared = await following
        }
        switch writer {
        case .sqliteBatches(let store): try await PostKeywords.refreshStale(in: store.database, onBatch: onWeights)
        case .eachFile(_, let blog): _ = try await blog.refreshStaleWeights { true }
        }
    }

    /// The database stopped answering while a file was saved: whether that save was committed
    /// is not known. The files before it are saved, and the import can be run again as it is.
    public struct Interrupted: Error, CustomStringConvertible {
        public var path: String
        public var description: String {
            "the database stopped answering while \(path) was saved, so it may or may not be saved (the files before it are); "
                + "run the same import again once the database answers: it updates the posts already there and adds nothing twice"
        }
    }

    /// A file read, parsed and its body rendered, or what is wrong with it.
    private typealias PreparedFile = Result<(document: FrontMatterDocument, body: MarkdownRenderer.Rendered), ImportProblem>

    /// Prepares files in parallel, one share for each core, in their order.
    private static func prepare(_ paths: [String]) async -> [PreparedFile] {
        await paths.concurrentMap(prepare)
    }

    private static func prepare(_ path: String) -> PreparedFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ImportProblem("can't read the file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ImportProblem("the file is not UTF-8 text"))
        }
        return Result { () throws(ImportProblem) in
            let document = try FrontMatterDocument(text: text)
            return (document, document.draft.renderedBody())
        }
    }

    /// Saves one document in a savepoint, so a post the store refuses leaves nothing behind.
    private static func save(_ file: PreparedFile, store: SQLitePostStore, now: Date, _ db: Database) -> Outcome {
        do {
            let (document, body) = try file.get()
            var saved: (post: PostWithTags, created: Bool)?
            try db.inSavepoint {
                saved = try store.upsert(document.draft, rendered: body, now: now, db)
                return .commit
            }
            guard let saved else { return .failed(problem: "not saved") }
            return saved.created
                ? .created(path: saved.post.post.publicPath, ignoredKeys: document.ignoredKeys)
                : .updated(path: saved.post.post.publicPath, ignoredKeys: document.ignoredKeys)
        } catch let problem as ImportProblem {
            return .failed(problem: problem.description)
        } catch {
            return .failed(problem: "\(error)")
        }
    }

    /// Saves one document as one save of the store: its own transaction. Throws only when the
    /// database can't be reached; anything wrong with the file is its outcome.
    private static func save(_ file: PreparedFile, posts: any PostStore, now: Date) async throws -> Outcome {
        do {
            let (document, _) = try file.get()
            let saved = try await posts.upsert(document.draft, now: now)
            return saved.created
                ? .created(path: saved.post.post.publicPath, ignoredKeys: document.ignoredKeys)
                : .updated(path: saved.post.post.publicPath, ignoredKeys: document.ignoredKeys)
        } catch StoreError.unavailable {
            throw StoreError.unavailable
        } catch let problem as ImportProblem {
            return .failed(problem: problem.description)
        } catch {
            return .failed(problem: "\(error)")
        }
    }
}
