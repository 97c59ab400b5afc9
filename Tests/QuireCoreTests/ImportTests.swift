import Foundation
import GRDB
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite struct ImportTests {
    let folder: URL
    let store: SQLitePostStore
    let importer: MarkdownImporter
    let now = Date()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = SQLitePostStore(database: try AppDatabase.inMemory(), defaultAuthor: "Ann")
        importer = MarkdownImporter(store: store)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func goodFileBecomesAPostWithEveryFrontMatterKey() async throws {
        let path = try write("trip.md", """
            ---
            title: "A trip: north"
            slug: north-trip
            date: 2024-05-01T10:00:00Z
            tags: [travel, Norway]
            excerpt: Cold and bright.
            featured_image: /static/images/welcome.png
            featured_image_alt: Fjord at dawn
            featured_image_caption: Near Bergen
            comments_open: false
            layout: post
            ---
            We went **north**.
            """)
        #expect(await importer.importFile(at: path, now: now) == .created(path: "/posts/north-trip", ignoredKeys: ["layout"]))
        let post = try #require(try await store.publicPost(slug: "north-trip", now: now))
        #expect(post.post.title == "A trip: north")
        #expect(post.post.publishedAt == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(post.tags.map(\.name) == ["Norway", "travel"])
        #expect(post.post.excerpt == "Cold and bright.")
        #expect(post.post.featuredImage == FeaturedImage(url: "/static/images/welcome.png", alt: "Fjord at dawn", caption: "Near Bergen"))
        #expect(post.post.commentsOpen == false)
        #expect(post.post.bodyHTML == "<p>We went <strong>north</strong>.</p>")
    }

    @Test(arguments: TestPostgres.engines)
    func eachEngineCreatesThenUpdatesAndNamesABadFile(engine: DatabaseEngine) async throws {
        let good = try write("kites.md", "---\ntitle: Kites\ntags: [air]\n---\nWind and *string*.\n")
        let bad = try write("bad.md", "no front matter\n")
        let now = now
        try await TestDatabases.with(engine) { blog in
            let importer = MarkdownImporter(blog: blog, defaultAuthor: "Ann")
            var outcomes: [String: MarkdownImporter.Outcome] = [:]
            try await importer.importFiles(at: [good, bad], now: now) { path, outcome in outcomes[path] = outcome }
            #expect(outcomes[good] == .created(path: "/posts/kites", ignoredKeys: []))
            guard case .failed(let problem) = outcomes[bad] else { Issue.record("bad.md imported"); return }
            #expect(problem.contains("front matter"))
            #expect(await importer.importFile(at: good, now: now) == .updated(path: "/posts/kites", ignoredKeys: []))
            let post = try #require(try await blog.posts(defaultAuthor: "Ann").publicPost(slug: "kites", now: now))
            #expect(post.post.bodyHTML == "<p>Wind and <em>string</em>.</p>" && post.tags.map(\.name) == ["air"])
        }
    }

    /// YAML's own kinds are read as people mean them: bare numbers as text, timestamps in any
    /// YAML form, a list given as one comma-separated string, numbers in a list as names.
    @Test func aFileOfTypePageBecomesAPage() async throws {
        let path = try write("about.md", "---\ntitle: About\ntype: page\n---\nWho writes here.\n")
        #expect(await importer.importFile(at: path, now: now) == .created(path: "/about", ignoredKeys: []))
        #expect(try await store.publicPage(slug: "about", now: now.addingTimeInterval(1))?.bodyHTML == "<p>Who writes here.</p>")
    }

    @Test func aPageTitledLikeARouteIsTheSamePageWhenImportedAgain() async throws {
        let path = try write("search.md", "---\ntitle: Search\ntype: page\n---\nHow to search.\n")
        #expect(await importer.importFile(at: path, now: now) == .created(path: "/search-page", ignoredKeys: []))
        #expect(await importer.importFile(at: path, now: now) == .updated(path: "/search-page", ignoredKeys: []))
        #expect(try await store.allPages().count == 1)
    }

    @Test func aPageMayNotTakeThePlaceOfAPostOfItsSlug() async throws {
        try await store.create(PostDraft(title: "About", bodyMarkdown: "A post."), now: now)
        let path = try write("about.md", "---\ntitle: About\ntype: page\nslug: about\n---\nA page.\n")
        #expect(await importer.importFile(at: path, now: now) == .failed(problem: "slug: 'about' belongs to a post; give this page another slug"))
        #expect(try await store.post(slug: "about")?.post.kind == .post)
    }

    @Test func looseYAMLKindsAreReadAsMeant() throws {
        let document = try FrontMatterDocument(text: """
            ---
            title: 1984
            slug: "2024"
            date: 2024-05-01 10:00:00.5 +02:00
            tags: [swift, 2024]
            excerpt: ~
            ---
            x
            """)
        #expect(document.draft.title == "1984")
        #expect(document.draft.slug == "2024")
        #expect(document.draft.publishedAt == Date(timeIntervalSince1970: 1_714_550_400.5))
        #expect(document.draft.tags == ["swift", "2024"])
        #expect(document.draft.excerpt == nil)
        let commas = try FrontMatterDocument(text: "---\ntitle: T\ntags: one, two ,three\ndate: 2024-05-01\n---\nx")
        #expect(commas.draft.tags == ["one", "two", "three"])
        #expect(commas.draft.publishedAt == Date(timeIntervalSince1970: 1_714_521_600))
        #expect(throws: ImportProblem("'tags' must be a list of names")) { try FrontMatterDocument(text: "---\ntitle: T\ntags: [[a]]\n---\nx") }
        #expect(throws: ImportProblem("'title' must be text")) { try FrontMatterDocument(text: "---\ntitle: [a]\n---\nx") }
        #expect(throws: ImportProblem("'title' must be text")) { try FrontMatterDocument(text: "---\ntitle: 2024-05-01\n---\nx") }
        #expect(throws: ImportProblem("'tags' must be a list, such as [swift, server]")) { try FrontMatterDocument(text: "---\ntitle: T\ntags: {1: a}\n---\nx") }
        #expect(try FrontMatterDocument(text: "---\ntitle: 9007199254740993\n---\nx").draft.title == "9007199254740993")
        #expect(try FrontMatterDocument(text: "---\ntitle: 2.0\n---\nx").draft.title == "2.0")
        #expect(throws: ImportProblem("'tags' must be a list, such as [swift, server]")) { try FrontMatterDocument(text: "---\ntitle: T\ntags: 5\n---\nx") }
    }

    @Test func windowsLineEndsAndAByteOrderMarkAreRead() throws {
        let document = try FrontMatterDocument(text: "\u{FEFF}---\r\ntitle: Windows\r\ntags: [a, b]\r\n---\r\nLine one\r\nline two\r\n\r\nNext paragraph.\r\n")
        #expect(document.draft.title == "Windows")
        #expect(document.draft.tags == ["a", "b"])
        #expect(document.draft.bodyMarkdown == "Line one\nline two\n\nNext paragraph.")
        #expect(throws: ImportProblem("the front matter has no closing '---' line")) { try FrontMatterDocument(text: "---\r\ntitle: T\r\n") }
    }

    @Test(arguments: [
        ("\n\n  Body\n\n", "Body"),
        ("\r\n\u{A0} \tBody, déjà\ron one line\r\n\u{2003}\u{A0}\n", "Body, déjà\ron one line"),
        ("\u{2028}x \u{3000}", "x"),
        (" \u{A0}", ""),
    ])
    func theBodyIsTrimmedOfAnyWhiteSpaceAndKeepsLoneCarriageReturns(body: String, expected: String) throws {
        let document = try FrontMatterDocument(text: "---\ntitle: T\n---\n" + body)
        #expect(document.draft.bodyMarkdown == expected)
        let foundation = body.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(document.draft.bodyMarkdown == foundation)
    }

    @Test func draftAndFutureDates() async throws {
        let draft = try write("d.md", "---\ntitle: Draft one\ndraft: true\n---\nx")
        let future = try write("f.md", "---\ntitle: Future one\ndate: 2999-01-01\n---\nx")
        _ = await importer.importFile(at: draft, now: now)
        _ = await importer.importFile(at: future, now: now)
        #expect(try await store.post(slug: "draft-one")?.post.status == .draft)
        #expect(try await store.post(slug: "future-one")?.post.status == .scheduled)
        #expect(try await store.publicPage(1, perPage: 10, bodies: true, now: now).totalCount == 0)
    }

    @Test func reimportUpdatesInsteadOfCopying() async throws {
        let path = try write("a.md", "---\ntitle: Again\n---\nfirst")
        #expect(await importer.importFile(at: path, now: now) == .created(path: "/posts/again", ignoredKeys: []))
        _ = try write("a.md", "---\ntitle: Again\ntags: [x]\n---\nsecond")
        #expect(await importer.importFile(at: path, now: now) == .updated(path: "/posts/again", ignoredKeys: []))
        #expect(try await store.count() == 1)
        #expect(try await store.post(slug: "again")?.post.bodyHTML == "<p>second</p>")
    }

    @Test(arguments: [
        ("no front matter", "the file must start with YAML front matter"),
        ("---\ntitle: x\nno closing", "the front matter has no closing '---' line"),
        ("---\ntags: [a\n---\nbody", "the front matter is not valid YAML"),
        ("---\nslug: only-slug\n---\nbody", "the front matter has no 'title'"),
        ("---\ntitle: T\ndraft: maybe\n---\nbody", "'draft' must be true or false"),
        ("---\ntitle: T\ndate: next week\n---\nbody", "'date' must be a date"),
        ("---\ntitle: T\nslug: Not Valid\n---\nbody", "'slug' may hold only lowercase letters"),
        ("---\n- a\n- b\n---\nbody", "the front matter must be YAML keys and values"),
        // Found by fuzzing: a key that is a mapping stopped the whole process inside Yams.
        ("---\n {c}: =\n---\nbo", "the front matter's keys must be words"),
        ("---\ntitle: T\ntags:\n  - {[a]: b}\n---\nbody", "the front matter's keys must be words"),
    ])
    func badFileIsReportedAndImportsNothing(text: String, problem: String) async throws {
        let path = try write("bad.md", text)
        guard case .failed(let message) = await importer.importFile(at: path, now: now) else {
            Issue.record("expected a failure")
            return
        }
        #expect(message.hasPrefix(problem), "\(message)")
        #expect(try await store.count() == 0)
    }

    @Test func folderImportsEveryMarkdownFileAndBadOnesDoNotStopTheRest() async throws {
        _ = try write("1.md", "---\ntitle: One\n---\nx")
        _ = try write("2.md", "not front matter")
        _ = try write("3.MD", "---\ntitle: Three\n---\nx")
        _ = try write("notes.txt", "---\ntitle: Ignored\n---\nx")
        let files = try MarkdownImporter.markdownFiles(in: [folder.path])
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["1.md", "2.md", "3.MD"])
        var outcomes: [MarkdownImporter.Outcome] = []
        for file in files { outcomes.append(await importer.importFile(at: file, now: now)) }
        #expect(outcomes.filter { if case .failed = $0 { true } else { false } }.count == 1)
        #expect(try await store.count() == 2)
    }

    /// Files share transactions (here three to a batch): a file the store refuses is rolled back
    /// alone, and the rest of its batch and the batches after it are imported.
    @Test func aBatchImportsEveryGoodFileAndTellsEachOutcomeInOrder() async throws {
        var importer = importer
        importer.batchSize = 3
        var paths: [String] = []
        for number in 1...7 {
            let title = number == 5 ? #""Bell \a here""# : "Post \(number)"
            paths.append(try write("\(number).md", "---\ntitle: \(title)\ntags: [t\(number % 2)]\n---\nWords for post \(number)."))
        }
        var seen: [(String, MarkdownImporter.Outcome)] = []
        try await importer.importFiles(at: paths, now: now) { seen.append(($0, $1)) }
        #expect(seen.map(\.0) == paths)
        #expect(seen[4].1 == .failed(problem: "title: must not contain control characters"))
        #expect(seen.filter { if case .created = $0.1 { true } else { false } }.count == 6)
        #expect(try await store.count() == 6)
        #expect(try await store.post(slug: "post-6")?.tags.map(\.name) == ["t0"])
    }

    /// Keywords left for the end of an import are exactly those each post gets when it is
    /// written on its own into the finished blog.
    @Test func importedKeywordsAreThoseOfPostsWrittenOneByOne() async throws {
        let syllables = ["ba", "ce", "di", "fo", "gu", "ha", "ke", "li", "mo", "nu"]
        let word = { (k: Int) in syllables[k % 10] + syllables[(k / 10) % 10] + syllables[(k / 100) % 10] }
        var paths: [String] = []
        for number in 0..<40 {
            let body = (0..<60).map { word((number * 37 + $0 * $0 * 7) % 1000) }.joined(separator: " ")
            paths.append(try write("p\(number).md", "---\ntitle: Voyage \(word(number * 11))\n---\n\(body)"))
        }
        try await importer.importFiles(at: paths, now: now) { _, _ in }
        let database = store.database
        let keywords = { @Sendable (db: Database) in
            try Row.fetchAll(db, sql: "SELECT post_id, term, weight FROM post_keyword ORDER BY post_id, term")
                .map { ($0["post_id"] as Int64, $0["term"] as String, $0["weight"] as Double) }
        }
        let imported = try await database.reader.read(keywords)
        #expect(imported.count > 400)
        try await database.writer.write { db in
            for post in try Post.fetchAll(db) { try PostKeywords.update(post, db) }
        }
        let oneByOne = try await database.reader.read(keywords)
        #expect(imported.count == oneByOne.count)
        for (a, b) in zip(imported, oneByOne) {
            #expect(a.0 == b.0 && a.1 == b.1 && abs(a.2 - b.2) < 1e-12)
        }
    }

    @Test func nonUTF8FileIsRefused() async throws {
        let url = folder.appendingPathComponent("latin1.md")
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: url)
        #expect(await importer.importFile(at: url.path, now: now) == .failed(problem: "the file is not UTF-8 text"))
    }

    @Test func missingPathIsAnError() {
        #expect(throws: ImportProblem.self) { try MarkdownImporter.markdownFiles(in: [folder.appendingPathComponent("nope").path]) }
    }
}
