import Foundation
import GRDB
import Testing

@testable import QuireCore

@Suite struct MigrationTests {
    /// The migrations in the repository's Migrations/ folder, which the binary must ship.
    static let expected: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Migrations/sqlite")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.standardizedFileURL.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test func freshDatabaseGetsEveryMigrationInOrder() throws {
        let database = try AppDatabase.inMemory()
        let applied = try Migrations.bundled().applied(in: database.reader)
        #expect(applied == Self.expected)
        #expect(applied.first == "0001_create_posts_and_tags" && applied.count >= 4)
        let tables = try database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables.contains("post") && tables.contains("tag") && tables.contains("post_tag") && tables.contains("post_search"))
    }

    @Test func secondRunChangesNothing() throws {
        let database = try AppDatabase.inMemory()
        let schemaBefore = try schema(database)
        try Migrations.bundled().apply(to: database.writer)
        #expect(try schema(database) == schemaBefore)
        let recorded = try database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") }
        #expect(recorded == Self.expected.count)
    }

    @Test func failingMigrationRollsBackAndNamesItsFile() throws {
        let bundled = try Migrations.bundled()
        let queue = try DatabaseQueue()
        try bundled.apply(to: queue)
        let schemaBefore = try schema(AppDatabase(migratedWriter: queue, filePath: nil))
        let broken = Migrations(files: bundled.files + [
            .init(name: "0099_broken", sql: "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);")
        ])
        #expect(throws: MigrationError.self) { try broken.apply(to: queue) }
        do {
            try broken.apply(to: queue)
        } catch let error as MigrationError {
            #expect(error.description.contains("0099_broken.sql"))
        }
        #expect(try schema(AppDatabase(migratedWriter: queue, filePath: nil)) == schemaBefore)
        #expect(try bundled.applied(in: queue).count == Self.expected.count)
    }

    @Test func databaseFromNewerQuireIsRefused() throws {
        let bundled = try Migrations.bundled()
        let queue = try DatabaseQueue()
        try Migrations(files: bundled.files + [.init(name: "0100_future", sql: "CREATE TABLE future (id INTEGER);")]).apply(to: queue)
        #expect(throws: MigrationError.databaseIsNewer(unknownMigrations: ["0100_future"])) {
            try bundled.apply(to: queue)
        }
    }

    @Test func fileBackedPoolIsCreatedWithItsFolderAndReopened() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/quire.sqlite").path
        let database = try AppDatabase.open(path: path)
        #expect(database.writer is DatabasePool)
        let store = SQLitePostStore(database: database, defaultAuthor: "Ann")
        _ = try await store.create(PostDraft(title: "Kept", bodyMarkdown: "Body"), now: Date())
        let journal = try await database.reader.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")

        let reopened = try AppDatabase.open(path: path)
        #expect(try await SQLitePostStore(database: reopened, defaultAuthor: "Ann").count() == 1)
    }

    @Test func anUpgradeIsAnnouncedWithItsMigrationsAndANewDatabaseIsNot() throws {
        let bundled = try Migrations.bundled()
        let queue = try DatabaseQueue()
        var announced: [[String]] = []
        try Migrations(files: bundled.files.filter { $0.name < "0013" }).apply(to: queue) { announced.append($0) }
        #expect(announced.isEmpty)
        try bundled.apply(to: queue) { announced.append($0) }
        #expect(announced == [Self.expected.filter { $0 >= "0013" }])
        try bundled.apply(to: queue) { announced.append($0) }
        #expect(announced.count == 1)
    }

    @Test func movingThePostBodiesLastKeepsEveryRowLinkAndTrigger() async throws {
        let bundled = try Migrations.bundled()
        let queue = try DatabaseQueue(configuration: AppDatabase.configuration)
        try Migrations(files: bundled.files.filter { $0.name < "0013" }).apply(to: queue)
        let columns = "id, slug, title, excerpt, body_markdown, body_html, body_text, featured_image_url, featured_image_alt, featured_image_caption, author_name, status, published_at, updated_at, comments_open, keywords_corpus_size, body_format"
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO post (\(columns)) VALUES
                    (7, 'kept', 'Kept whole', 'An excerpt', '# Body', '<h1>Body</h1>', 'Body', 'https://example.com/a.jpg', 'Alt', 'Caption', 'Ann', 'published', '2026-01-01 10:00:00.000', '2026-01-02 10:00:00.000', 0, 12, 'markdown'),
                    (9, 'draft', 'A draft', '', 'Draft body', '<p>Draft body</p>', 'Draft body', NULL, NULL, NULL, 'Bo', 'draft', NULL, '2026-01-03 10:00:00.000', 1, 0, 'html');
                INSERT INTO tag (id, name, slug) VALUES (1, 'Kites', 'kites');
                INSERT INTO post_tag (post_id, tag_id) VALUES (7, 1);
                INSERT INTO comment (id, post_id, author_name, author_email, body, status, created_at, client_hash)
                    VALUES (1, 7, 'Cy', 'cy@example.com', 'Nice', 'approved', '2026-01-04 10:00:00.000', 'h');
                INSERT INTO post_keyword (post_id, term, weight) VALUES (7, 'kites', 1.0);
                """)
        }
        let before = try await queue.read { db in try Row.fetchAll(db, sql: "SELECT \(columns) FROM post ORDER BY id").map(\.description) }
        try bundled.apply(to: queue)
        try await queue.read { db in
            #expect(try Row.fetchAll(db, sql: "SELECT \(columns) FROM post ORDER BY id").map(\.description) == before)
            let names = try Row.fetchAll(db, sql: "PRAGMA table_info(post)").map { $0["name"] as String }
            // The bodies are last (0013, and again 0020, which put kind, owner_id and version before them).
            let bodies = try #require(names.firstIndex(of: "body_html"))
            #expect(Array(names[bodies...]) == ["body_html", "body_markdown", "body_text"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment WHERE post_id = 7") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post_tag WHERE post_id = 7") == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'post'").sorted()
                == ["post_admin_by_status", "post_admin_order", "post_by_owner", "post_keywords_corpus_size", "post_pages", "post_public_order", "post_visibility", "sqlite_autoindex_post_1"])
            #expect(try String.fetchAll(db, sql: "SELECT term FROM term_head_stale") == ["kites"])
        }
        // The triggers are back: a change moves the counter and reaches the search index; a deletion cascades.
        let store = SQLitePostStore(database: AppDatabase(migratedWriter: queue, filePath: nil), defaultAuthor: "Ann")
        let counter = { try await queue.read { db in try Int.fetchOne(db, sql: "SELECT content FROM change_counter") ?? 0 } }
        let moved = try await counter()
        try await queue.write { db in try db.execute(sql: "UPDATE post SET title = 'Renamed kites', body_text = 'Soaring' WHERE id = 7") }
        #expect(try await counter() > moved)
        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "SELECT rowid FROM post_search WHERE post_search MATCH 'soaring'") } == 7)
        try await store.delete(slug: "kept")
        #expect(try await queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment") } == 0)
    }

    private func schema(_ database: AppDatabase) throws -> [String] {
        try database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
        }
    }
}
