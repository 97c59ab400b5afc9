import Foundation
import GRDB
import Testing

@testable import QuireCore

@Suite struct MigrationTests {
    /// The migrations in the repository's Migrations/ folder, which the binary must ship.
    static let expected: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Migrations")
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
        let store = PostStore(database: database, defaultAuthor: "Ann")
        _ = try await store.create(PostDraft(title: "Kept", bodyMarkdown: "Body"), now: Date())
        let journal = try await database.reader.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")

        let reopened = try AppDatabase.open(path: path)
        #expect(try await PostStore(database: reopened, defaultAuthor: "Ann").count() == 1)
    }

    private func schema(_ database: AppDatabase) throws -> [String] {
        try database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
        }
    }
}
