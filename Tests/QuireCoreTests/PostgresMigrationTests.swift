import Foundation
import QuireCore
import QuireTestSupport
import Testing

/// PostgreSQL's migrations, applied and refused as SQLite's are (`MigrationTests`).
@Suite(.enabled(if: TestPostgres.address != nil, "set QUIRE_TEST_POSTGRES_URL (scripts/postgres-cluster.sh) to test PostgreSQL"))
struct PostgresMigrationTests {
    /// The files of the repository's Migrations/postgres folder, which the binary must ship.
    static let expected: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Migrations/postgres")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.standardizedFileURL.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test func freshDatabaseGetsEveryMigrationInOrderAndASecondRunChangesNothing() async throws {
        try await TestPostgres.withDatabase(migrated: false) { database in
            let migrations = try Migrations.bundled(for: .postgres)
            try await migrations.apply(to: database)
            #expect(try await migrations.applied(in: database) == Self.expected)
            let tables = try await database.administer("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public'")
            try await migrations.apply(to: database)
            #expect(try await migrations.applied(in: database) == Self.expected)
            #expect(try await database.administer("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public'") == tables)
            #expect(try await database.administer("SELECT content::text FROM change_counter") == ["0"])
        }
    }

    @Test func aDatabaseMigratedByANewerQuireIsRefused() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.administer("INSERT INTO quire_migration (identifier) VALUES ('9999_from_the_future')")
            await #expect(throws: MigrationError.databaseIsNewer(unknownMigrations: ["9999_from_the_future"])) {
                try await Migrations.bundled(for: .postgres).apply(to: database)
            }
        }
    }

    @Test func failingMigrationRollsBackAndNamesItsFile() async throws {
        try await TestPostgres.withDatabase { database in
            let bundled = try Migrations.bundled(for: .postgres)
            let broken = Migrations(files: bundled.files + [
                .init(name: "9998_half_done", sql: "CREATE TABLE half_done (id integer); SELECT no_such_column FROM post;"),
            ])
            await #expect(throws: MigrationError.failed(file: "9998_half_done.sql", reason: "column \"no_such_column\" does not exist")) {
                try await broken.apply(to: database)
            }
            #expect(try await database.administer("SELECT to_regclass('half_done')::text") == [nil])
            #expect(try await bundled.applied(in: database) == Self.expected)
        }
    }

    @Test func searchDocumentsWeighTitleAndTagsAboveTheBody() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.administer("""
                INSERT INTO post (slug, title, status, published_at, updated_at, author_name, excerpt, body_html, body_markdown, body_text)
                VALUES ('a', 'Sourdough', 'published', now(), now(), 'A', '', '', '', 'bread and water');
                INSERT INTO tag (name, slug) VALUES ('Baking', 'baking');
                INSERT INTO post_tag (post_id, tag_id) SELECT post.id, tag.id FROM post, tag;
                """)
            #expect(try await database.administer("SELECT document::text FROM post_search") == ["'and':4 'baking':2B 'bread':3 'sourdough':1A 'water':5"])
            try await database.administer("UPDATE post SET status = 'draft'")
            #expect(try await database.administer("SELECT count(*)::text FROM post_search") == ["0"])
        }
    }
}

extension PostgresMigrationTests {
    @Test func theChangeCountersMoveOnlyWhenAStatementChangedARowAndNotifyAtCommit() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.administer("UPDATE post SET title = title WHERE false; DELETE FROM tag WHERE false; UPDATE site_setting SET value = value")
            #expect(try await database.administer("SELECT content::text FROM change_counter") == ["0"])
            try await database.administer("INSERT INTO site_setting (key, value) VALUES ('a', '1'), ('b', '2')")
            #expect(try await database.administer("SELECT content::text FROM change_counter") == ["1"], "one statement, one move")
            try await database.administer("""
                INSERT INTO post (slug, title, status, published_at, updated_at, author_name, excerpt, body_html, body_markdown, body_text)
                VALUES ('a', 'A', 'published', now(), now(), 'A', '', '', '', 'text');
                INSERT INTO comment (post_id, author_name, author_email, body, status, created_at, client_hash)
                SELECT id, 'R', 'r@example.com', 'Hi', 'approved', now(), 'c' FROM post;
                """)
            #expect(try await database.administer("SELECT content || ' ' || comments FROM change_counter") == ["2 1"])
            #expect(try await database.administer("SELECT sequence::text FROM post_comment_change") == ["1"])
        }
    }
}

/// Says, as a skipped test, when the tests ran without PostgreSQL.
@Suite struct PostgresAvailabilityTests {
    @Test(.enabled(if: TestPostgres.address != nil || TestPostgres.isRequired, "QUIRE_TEST_POSTGRES_URL is not set: the store tests ran on SQLite only"))
    func storeTestsRunOnPostgreSQLToo() {
        #expect(TestPostgres.engines == [.sqlite, .postgres], "QUIRE_TEST_POSTGRES_URL is missing or not a postgres:// URL")
    }
}
