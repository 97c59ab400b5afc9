import Foundation
import GRDB
import QuireTestSupport
import Testing

@testable import QuireCore

/// `quire copy-database`: a blog with something in every copied table goes to PostgreSQL and
/// back, each table counted and checksummed alike, and the copies serve the same blog.
@Suite(.enabled(if: TestPostgres.address != nil, "set QUIRE_TEST_POSTGRES_URL (scripts/postgres-cluster.sh) to test PostgreSQL"))
struct DatabaseCopyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000.123)

    /// A SQLite blog with rows in every copied table.
    func filledBlog() async throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        let blog = BlogDatabase.sqlite(database)
        let posts = blog.posts(defaultAuthor: "Ann")
        let admin = try await blog.users.create(email: "ann@example.com", name: "Ann", role: .admin, now: now)
        let link = try await blog.users.signInLink(forUserID: admin.id ?? 0, now: now)
        _ = try await blog.users.setPassword(hash: "$2b$04$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0", link: link, now: now)
        _ = try await blog.users.signInLink(forUserID: admin.id ?? 0, now: now)
        _ = try await blog.sessions.start(userID: admin.id ?? 0, userAgent: "Firefox", now: now)
        _ = try await blog.tokens.create(name: "deploy", now: now)
        for (index, draft) in RelatedParityTests.drafts(now: now).enumerated() {
            var draft = draft
            draft.publishedAt = draft.publishedAt?.addingTimeInterval(Double(index) * 0.001)
            _ = try await posts.create(draft, now: now.addingTimeInterval(Double(index) * 0.0107))
        }
        let first = try #require(try await posts.publicPage(1, perPage: 1, bodies: true, now: now).posts.first)
        _ = try await posts.update(slug: first.post.slug, with: PostDraft(title: "Renamed", slug: "renamed", bodyMarkdown: "New *body*, crème.", tags: ["Cooking"]), now: now)
        let comments = blog.comments(settings: { var rules = QuireConfig.Comments(); rules.moderation = .open; return rules }())
        guard case .stored(let parent) = try await comments.submit(
            CommentDraft(authorName: "Bo", authorEmail: "bo@example.com", body: "First, with <b>bold</b>?", clientHash: "a", origin: .api), to: first.post, now: now
        ) else { throw CopyTestError.notStored }
        var reply = CommentDraft(authorName: "Cy", authorEmail: "cy@example.com", body: "A reply.", clientHash: "b", origin: .api)
        reply.parentID = parent.id
        _ = try await comments.submit(reply, to: first.post, now: now)
        _ = try await blog.media(rules: MediaStoreTests.rules, processor: try ImageProcessor(concurrentImages: 1))
            .add(bytes: try MediaFixtures.bytes("photo-exif.jpg"), alt: "A gradient", ownerID: admin.id, now: now)
        let federation = blog.federation
        let actor = try await federation.keep(FederationStoreTests.actor("https://social.example/users/ann", now: now))
        try await federation.addFollower(actorID: actor.id ?? 0, followID: "https://social.example/follows/1", now: now)
        try await federation.block(domain: "spam.example", now: now)
        try await federation.enqueue(#"{"type":"Create"}"#, to: ["https://social.example/inbox"], now: now)
        let due = try await federation.claimDue(now: now, limit: 1, leaseUntil: now.addingTimeInterval(60))
        try await federation.failed(due[0], error: "503", retryAt: now.addingTimeInterval(60), now: now)
        try await federation.recordReply(objectID: "https://social.example/statuses/1", commentID: parent.id ?? 0, actorURI: actor.uri)
        try await federation.addReaction(activityID: "https://social.example/likes/1", postID: first.post.id ?? 0, actorURI: actor.uri, kind: .like, now: now)
        let now = now
        try await Publisher(store: federation, posts: posts, webmentions: blog.webmentions, clock: WallClock { now })
            .publish(addresses: FederationAddresses(site: QuireConfig().site, federation: QuireConfig().federation))
        let webmentions = blog.webmentions
        _ = try await webmentions.receive(source: "https://elsewhere.example/a", target: "http://localhost:8080/posts/renamed", postID: first.post.id ?? 0, now: now, limits: WebmentionLimits())
        let check = try await webmentions.claimChecks(now: now, limit: 1, leaseUntil: now.addingTimeInterval(60))
        try await webmentions.verified(check[0], commentID: parent.id)
        _ = try await webmentions.queueMentions(postKey: "http://localhost:8080/posts/renamed", source: "http://localhost:8080/posts/renamed", targets: ["https://elsewhere.example/b"], now: now)
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO page_view (day, path, views) VALUES ('2027-01-15', '/', 3), ('2027-01-15', '/posts/renamed', 1)")
            try db.execute(sql: "INSERT INTO old_address (address, post_id) VALUES ('?p=7', ?)", arguments: [first.post.id])
            try db.execute(sql: "INSERT INTO sign_in_failure (key, failures, last_failure_at) VALUES ('client:x', 2, ?)", arguments: [now])
            try db.execute(sql: "INSERT INTO import_record (source_key, post_id) VALUES ('wxr:1', ?)", arguments: [first.post.id])
            try db.execute(sql: "INSERT INTO site_setting (key, value) VALUES ('site.title', 'Kites & Kettles')")
        }
        return database
    }

    @Test func aBlogGoesToPostgreSQLAndBackWithEveryTableChecked() async throws {
        let source = try await filledBlog()
        let now = now
        try await TestPostgres.withDatabase { postgres in
            let there = try await DatabaseCopy(from: .sqlite(source), to: .postgres(postgres)).run()
            #expect(there.map(\.table) == CopiedTable.all.map(\.name))
            for check in there { #expect(check.rows > 0, "\(check.table) was filled") }
            #expect(there.first { $0.table == "post" }?.rows == 48)

            // And back, into a new SQLite database: the same rows and checksums.
            let back = try AppDatabase.inMemory()
            let returned = try await DatabaseCopy(from: .postgres(postgres), to: .sqlite(back)).run()
            #expect(returned == there)

            // The copies serve the same blog: lists, search, comments and, as both engines made
            // every weight again from the whole blog, the same related posts with the same scores.
            let sqlite = BlogDatabase.sqlite(source)
            let copy = BlogDatabase.postgres(postgres)
            let listed = { (blog: BlogDatabase) in try await blog.posts(defaultAuthor: "Ann").publicPage(1, perPage: 100, bodies: true, now: now).posts }
            #expect(try await listed(copy) == (try await listed(sqlite)))
            let found = { (blog: BlogDatabase) in
                Set(try await blog.search.search(try #require(SearchQuery("tomatoes")), page: 1, perPage: 20, now: now).results.map(\.entry.post.slug))
            }
            #expect(try await found(copy) == (try await found(sqlite)))
            let threads = { (blog: BlogDatabase) in try await blog.strings("SELECT author_name || ':' || body FROM comment ORDER BY id") }
            #expect(try await threads(copy) == (try await threads(sqlite)))
            for entry in try await listed(sqlite) {
                let related = { (blog: BlogDatabase) in
                    try await RelatedPosts(store: blog.related).related(to: entry.post.id ?? 0, limit: 5, now: now).map { "\($0.entry.post.slug) \(String(format: "%.9f", $0.score))" }
                }
                #expect(try await related(copy) == (try await related(.sqlite(back))), "\(entry.post.slug)")
            }

            // A target that holds a blog is refused, and nothing is added to it.
            await #expect(throws: CopyError.targetNotEmpty(table: "user_account", rows: 1)) {
                _ = try await DatabaseCopy(from: .sqlite(source), to: .postgres(postgres)).run()
            }
            let posts = try await copy.integer("SELECT COUNT(*) FROM post")
            #expect(posts == 48)

            // New rows on the copy get ids after the copied ones.
            let saved = try await copy.posts(defaultAuthor: "Ann").create(PostDraft(title: "After the move", bodyMarkdown: "x"), now: now)
            #expect((saved.post.id ?? 0) > 48)
        }
    }

    @Test func aSQLiteBackupIsRestoredIntoPostgreSQLKeepingTheBlogItReplaced() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let backupPath = folder.appendingPathComponent("backup.sqlite").path
        let backup = try AppDatabase.open(path: backupPath)
        _ = try await BlogDatabase.sqlite(backup).posts(defaultAuthor: "Ann").create(PostDraft(title: "From the backup", bodyMarkdown: "Kept safe."), now: now)
        try backup.close()
        let now = now
        try await TestPostgres.withDatabase { postgres in
            let posts = BlogDatabase.postgres(postgres).posts(defaultAuthor: "Ann")
            for title in ["Current one", "Current two"] { _ = try await posts.create(PostDraft(title: title, bodyMarkdown: "x"), now: now) }
            // A table that isn't Quire's, in the same schema, is left as it is.
            try await postgres.administer("CREATE TABLE visitor_note (note text); INSERT INTO visitor_note VALUES ('mine')")
            let kept = folder.appendingPathComponent("kept.sqlite").path
            let checks = try await DatabaseRestore.restore(backup: backupPath, to: postgres, keepingCurrentAt: kept, migrations: .bundled(), scratchFolder: folder)
            #expect(checks.first { $0.table == "post" }?.rows == 1)
            #expect(try await posts.publicPost(slug: "from-the-backup", now: now) != nil)
            #expect(try await posts.publicPost(slug: "current-one", now: now) == nil)
            let search = try await BlogDatabase.postgres(postgres).search.search(try #require(SearchQuery("safe")), page: 1, perPage: 10, now: now)
            #expect(search.results.map(\.entry.post.slug) == ["from-the-backup"])
            let keptCount = try await AppDatabase.open(path: kept).reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") }
            #expect(keptCount == 2)
            let after = try await posts.create(PostDraft(title: "After the restore", bodyMarkdown: "x"), now: now)
            #expect(after.post.id == 2)
            #expect(try await postgres.administer("SELECT note FROM visitor_note") == ["mine"])
        }
        // The backup itself is never changed, and no scratch or partial copy is left.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("quire-restore-") || $0.hasPrefix(".") }
        #expect(left.isEmpty)
    }

    /// `quire restore` locks and empties exactly the tables Quire's migrations make.
    @Test func theTablesRestoreEmptiesAreEveryTableOfQuiresSchema() async throws {
        try await TestPostgres.withDatabase { postgres in
            let tables = try await postgres.administer("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
            #expect(tables.compactMap { $0 } == CopiedTable.quireTables.sorted())
        }
    }

    /// U+0000 in text kept by an older Quire on SQLite: the copy names the table and column.
    @Test func textWithANulCharacterIsNamedBeforeAnythingIsCopied() async throws {
        let source = try AppDatabase.inMemory()
        _ = try await BlogDatabase.sqlite(source).posts(defaultAuthor: "Ann").create(PostDraft(title: "Old", bodyMarkdown: "x"), now: now)
        try await source.writer.write { db in try db.execute(sql: "UPDATE post SET excerpt = 'a' || char(0) || 'b'") }
        try await TestPostgres.withDatabase { postgres in
            await #expect(throws: CopyError.nulInText(table: "post", column: "excerpt")) {
                _ = try await DatabaseCopy(from: .sqlite(source), to: .postgres(postgres)).run()
            }
            let posts = try await BlogDatabase.postgres(postgres).integer("SELECT COUNT(*) FROM post")
            #expect(posts == 0)
        }
    }

    /// A copy into a new file that fails leaves no file; a file that holds something is refused.
    @Test func aFailedCopyLeavesNoFileAndAnExistingFileIsRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-new-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("copy.sqlite").path
        await #expect(throws: CopyError.sameEngine) {
            _ = try await NewSQLiteFile.write(to: path, replacing: false) { _ in throw CopyError.sameEngine }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)

        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let rows = try await NewSQLiteFile.write(to: path, replacing: false) { database in
            try await BlogDatabase.sqlite(database).integer("SELECT COUNT(*) FROM post")
        }
        #expect(rows == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["copy.sqlite"])
        await #expect(throws: NewSQLiteFile.Exists.self) {
            _ = try await NewSQLiteFile.write(to: path, replacing: false) { _ in 0 }
        }
    }

    @Test func copyingWithinOneEngineIsRefused() async throws {
        await #expect(throws: CopyError.sameEngine) {
            _ = try await DatabaseCopy(from: .sqlite(try AppDatabase.inMemory()), to: .sqlite(try AppDatabase.inMemory())).run()
        }
    }

    @Test func millisecondsSurviveTheTripAsSQLiteWritesThem() throws {
        for milliseconds: Int64 in [0, 1, 999, 1_800_000_000_123, -1, -1_001] {
            let text = PostgresTimestamp.storedText(milliseconds: milliseconds)
            let date = try #require(Date.fromDatabaseValue(text.databaseValue))
            #expect(PostgresTimestamp.nearestMilliseconds(date) == milliseconds, "\(text)")
        }
        #expect(PostgresTimestamp.storedText(milliseconds: 1_800_000_000_123) == "2027-01-15 08:00:00.123")
    }

    /// A time read back from PostgreSQL may be a hair under its millisecond: saving it again keeps
    /// the millisecond, while a time truly inside one is still taken down to it.
    @Test func aTimeAHairUnderItsMillisecondKeepsIt() {
        for milliseconds: Int64 in [1, 999, 1_800_000_000_123, 1_764_000_000_001, -1_001] {
            let readBack = Date(timeIntervalSince1970: Double(milliseconds) / 1000).timeIntervalSince1970.nextDown
            #expect(PostgresTimestamp.milliseconds(Date(timeIntervalSince1970: readBack)) == milliseconds)
        }
        #expect(PostgresTimestamp.milliseconds(Date(timeIntervalSince1970: 1_800_000_000.1239)) == 1_800_000_000_123)
        #expect(PostgresTimestamp.milliseconds(Date(timeIntervalSince1970: -0.0015)) == -2)
    }
}

enum CopyTestError: Error { case notStored }
