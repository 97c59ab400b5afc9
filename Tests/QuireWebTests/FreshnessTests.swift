import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import QuireCore
import Synchronization
import Testing

@testable import QuireWeb

/// The page cache can only be right if every table an answer reads tells the cache when it
/// changes (docs/freshness.md). These tests fail when a table is added without saying how its
/// writes reach the cache, when a table that pages read has no change triggers, or when an
/// answer reads comments without noting which posts' comments it read.
@Suite struct FreshnessTests {
    /// The tables and virtual tables of the migrated schema, SQLite's own and FTS shadow tables aside.
    static func schemaTables(_ database: AppDatabase) async throws -> Set<String> {
        try await database.reader.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, type FROM pragma_table_list WHERE schema = 'main'")
            return Set(rows.compactMap { row -> String? in
                let name: String = row["name"]
                let type: String = row["type"]
                return type == "shadow" || name.hasPrefix("sqlite_") ? nil : name
            })
        }
    }

    @Test func everyTableSaysHowItsWritesReachTheCache() async throws {
        let tables = try await Self.schemaTables(try AppDatabase.inMemory())
        let listed = Set(PageDependencies.tables.keys)
        #expect(tables.subtracting(listed).isEmpty, "add these tables to PageDependencies.tables: \(tables.subtracting(listed).sorted())")
        #expect(listed.subtracting(tables).isEmpty, "PageDependencies.tables names tables the schema lacks: \(listed.subtracting(tables).sorted())")
        for case (let table, .followsTable(let source)) in PageDependencies.tables {
            #expect(PageDependencies.tables[source] == .content, "\(table) follows \(source), which must be a content table")
        }
    }

    @Test func everyTrackedTableHasAChangeTriggerForEachKindOfWrite() async throws {
        let database = try AppDatabase.inMemory()
        let triggers = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
                .map { (table: $0["tbl_name"] as String, sql: ($0["sql"] as String).uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")) }
        }
        // What a trigger must do for each kind of tracking: move its counter (and, for comments, note the post).
        let effects: [PageDependencies.Tracking: [String]] = [
            .content: ["UPDATE CHANGE_COUNTER SET CONTENT = CONTENT + 1"],
            .commentsOfPost: ["UPDATE CHANGE_COUNTER SET COMMENTS = COMMENTS + 1", "INSERT INTO POST_COMMENT_CHANGE"],
        ]
        for (table, tracking) in PageDependencies.tables {
            guard let required = effects[tracking] else { continue }
            for event in ["INSERT", "UPDATE", "DELETE"] {
                let found = triggers.contains { trigger in
                    trigger.table == table && trigger.sql.contains("AFTER \(event) ON \(table.uppercased()) ") && required.allSatisfy(trigger.sql.contains)
                }
                #expect(found, "\(table) has no trigger after \(event) that does \(required.joined(separator: " and "))")
            }
        }
    }

    /// Every public answer, rendered with every kind of content present: the SQL it runs reads
    /// only tables whose writes reach the cache, and an answer that reads comments has noted
    /// which posts' comments in its `ReadLog`.
    @Test func everyPublicAnswerReadsOnlyTrackedTablesAndNotesItsCommentReads() async throws {
        let site = try TestSite { $0.comments.moderation = .open }
        let alpha = try await site.add(PostDraft(title: "Alpha", bodyMarkdown: "Sailing **alpha**.", tags: ["Swift"], publishedAt: daysAgo(2)))
        try await site.add(PostDraft(title: "Beta", bodyMarkdown: "Sailing beta.", tags: ["Swift"], publishedAt: daysAgo(1)))
        _ = try await site.store.update(slug: "beta", with: PostDraft(title: "Beta", slug: "beta-renamed", bodyMarkdown: "Sailing beta.", tags: ["Swift"], publishedAt: daysAgo(1)), now: site.clock.now)
        let comments = site.blog.comments(settings: site.config.comments)
        let comment = try await comments.submit(CommentDraft(authorName: "Ann", authorEmail: "ann@example.com", body: "Hello", clientHash: "x", origin: .api), to: alpha.post, now: site.clock.now)
        let commentID = try #require(comment.comment?.id)
        var page = PostDraft(title: "About", bodyMarkdown: "About us.", publishedAt: daysAgo(3))
        page.kind = .page
        try await site.add(page)
        let media = SQLiteMediaStore(database: site.database, rules: site.config.media.rules, processor: try ImageProcessor(concurrentImages: 1))
        let image = try await media.add(bytes: try MultipartBody.fixture("graphic.png"), alt: "Green", ownerID: nil, now: site.clock.now).media
        try await site.add(PostDraft(title: "Pictured", bodyMarkdown: "![Green](\(image.url))", publishedAt: daysAgo(1), featuredImage: FeaturedImage(url: image.url, alt: "Green", caption: nil)))

        let log = StatementLog()
        try await site.database.writer.writeWithoutTransaction { db in
            db.trace { event in
                if case .statement(let statement) = event { log.record(statement.sql) }
            }
        }
        let schema = try await Self.schemaTables(site.database)
        let services = try await site.services()
        try await Application(router: buildRouter(services: services)).test(.router) { client async throws in
            let document = try await client.execute(uri: "/api/openapi.json", method: .get).json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            // Every API GET that anyone may call (authors' answers are never cached).
            let apiGets = paths.filter { _, operations in
                guard let get = operations["get"] as? [String: Any] else { return false }
                guard let security = get["security"] as? [[String: Any]] else { return true }
                return security.contains { $0.isEmpty }
            }.keys.map { path in
                path.replacingOccurrences(of: "{slug}", with: path.hasPrefix("/api/pages/") ? "about" : "alpha").replacingOccurrences(of: "{id}", with: "\(commentID)")
            }
            let pages = [
                "/", "/?page=1", "/posts/alpha", "/posts/alpha?replytocom=\(commentID)", "/posts/beta", "/tags/swift", "/search?q=sailing",
                "/feed.xml", "/rss.xml", "/feed.json", "/tags/swift/feed.xml", "/sitemap.xml", "/robots.txt", "/static/css/quire.css",
                "/api/posts?tag=swift", "/api/posts?q=sailing", "/about", "/posts/pictured", image.url,
            ]
            for uri in pages + apiGets.sorted() {
                // The cache reads its counters first; the answer's own reads come after.
                _ = try await services.pageCache.refresh(now: site.clock.now)
                _ = log.drain()
                let response = try await client.execute(uri: uri, method: .get)
                let statements = log.drain()
                #expect(response.status.code < 400, "\(uri) answered \(response.status)")
                var read: Set<String> = []
                // SQLite reports some statements as comments (`-- TRIGGER …`, `-- PRAGMA …`): nothing to read there.
                for sql in statements where !sql.hasPrefix("--") {
                    let region = try await site.database.reader.read { db in try db.makeStatement(sql: sql).databaseRegion }
                    read.formUnion(schema.filter { region.isModified(byEventsOfKind: .insert(tableName: $0)) })
                    #expect(!region.isFullDatabase, "\(uri) ran SQL whose reads can't be told: \(sql)")
                }
                #expect(read.contains("post") || read.contains("media_file") || uri.hasPrefix("/static/") || uri == "/robots.txt" || uri.hasSuffix("openapi.json"), "\(uri): no read seen")
                for table in read {
                    // The change counters are read by the caches themselves (the related lists'
                    // cache asks them mid-request), never shown.
                    let shown = switch PageDependencies.tables[table] {
                    case .content?, .commentsOfPost?, .followsTable?, .bookkeeping?: true
                    case .notShown?, nil: false
                    }
                    #expect(shown, "\(uri) reads \(table), which PageDependencies does not list as shown on pages")
                }
                if read.contains("comment"), response.status == .ok {
                    let view = try await services.pageCache.refresh(now: site.clock.now)
                    let entry = services.pageCache.entry(for: uri, view: view)
                    #expect(entry?.reads.posts.isEmpty == false || entry?.reads.allPosts == true, "\(uri) read comments without noting whose in its ReadLog")
                }
            }
        }
    }
}

/// The SQL statements run on a connection, as its trace reports them.
final class StatementLog: Sendable {
    private let statements = Mutex<[String]>([])

    func record(_ sql: String) {
        statements.withLock { $0.append(sql) }
    }

    /// What was recorded since the last call.
    func drain() -> [String] {
        statements.withLock { statements in
            defer { statements = [] }
            return statements
        }
    }
}
