import Foundation
import GRDB
import Testing

@testable import QuireCore

@Suite struct RestoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-restore-\(UUID().uuidString)")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test func aBackupIsPutInPlaceWithItsMediaAndTheReplacedDatabaseKept() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let blog = path("blog.sqlite")
        var database: AppDatabase? = try AppDatabase.open(path: blog)
        let media = SQLiteMediaStore(database: try #require(database), rules: MediaRules(maxBytes: 20_000_000, maxPixels: 50_000_000, widths: [16]), processor: try ImageProcessor(concurrentImages: 1))
        let image = try await media.add(bytes: try MediaFixtures.bytes("graphic.png"), alt: "Green", ownerID: nil, now: now).media
        try await SQLitePostStore(database: try #require(database), defaultAuthor: "Ann").create(PostDraft(title: "Before the backup", bodyMarkdown: "x"), now: now)
        try await database?.backup(to: path("backup.sqlite"))
        try await SQLitePostStore(database: try #require(database), defaultAuthor: "Ann").create(PostDraft(title: "After the backup", bodyMarkdown: "y"), now: now)
        try await SQLiteMediaStore(database: try #require(database), rules: media.rules, processor: try ImageProcessor(concurrentImages: 1)).delete(id: image.id)
        database = nil

        let lock = try ServerLock(databasePath: blog, mode: .exclusive)
        let kept = try await DatabaseRestore.restore(backup: path("backup.sqlite"), to: blog, migrations: .bundled(), now: now)
        withExtendedLifetime(lock) {}
        #expect(kept == blog + ".before-restore-20270115T080000Z")

        let restored = try AppDatabase.open(path: blog)
        let titles = try await restored.reader.read { db in try String.fetchAll(db, sql: "SELECT title FROM post ORDER BY id") }
        #expect(titles == ["Before the backup"])
        let restoredMedia = SQLiteMediaStore(database: restored, rules: media.rules, processor: try ImageProcessor(concurrentImages: 1))
        #expect(try await restoredMedia.file(named: image.sizes[0].name) != nil, "the deleted image is back")
        let previous = try DatabaseQueue(path: try #require(kept))
        #expect(try await previous.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") } == 2)
    }

    @Test func aDamagedOrForeignOrNewerBackupIsRefusedAndNothingChanges() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("not a database at all, but long enough to look like a file".utf8).write(to: folder.appendingPathComponent("junk.sqlite"))
        await #expect(throws: DatabaseRestore.Failure.self) {
            try await DatabaseRestore.restore(backup: path("junk.sqlite"), to: path("blog.sqlite"), migrations: .bundled(), now: now)
        }
        let foreign = try DatabaseQueue(path: path("foreign.sqlite"))
        try await foreign.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try foreign.close()
        await #expect(throws: DatabaseRestore.Failure.unreadable("it holds no Quire tables")) {
            try await DatabaseRestore.restore(backup: path("foreign.sqlite"), to: path("blog.sqlite"), migrations: .bundled(), now: now)
        }
        let newer = try AppDatabase.open(path: path("newer.sqlite"))
        try await newer.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_from_the_future')") }
        await #expect(throws: DatabaseRestore.Failure.newer(unknownMigrations: ["9999_from_the_future"])) {
            try await DatabaseRestore.restore(backup: path("newer.sqlite"), to: path("blog.sqlite"), migrations: .bundled(), now: now)
        }
        #expect(!FileManager.default.fileExists(atPath: path("blog.sqlite")))
    }

    @Test func aLostDatabasesWriteAheadLogIsKeptNotDeleted() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let backup = try AppDatabase.open(path: path("backup.sqlite"))
        try backup.close()
        try Data(repeating: 7, count: 4096).write(to: folder.appendingPathComponent("blog.sqlite-wal"))
        let kept = try await DatabaseRestore.restore(backup: path("backup.sqlite"), to: path("blog.sqlite"), migrations: .bundled(), now: now)
        #expect(kept == path("blog.sqlite") + ".before-restore-20270115T080000Z-wal")
        #expect(try Data(contentsOf: URL(fileURLWithPath: try #require(kept))) == Data(repeating: 7, count: 4096))
        #expect(!FileManager.default.fileExists(atPath: path("blog.sqlite-wal")))
    }

    @Test func aRestoreWaitsForNoServerAndServersShareTheLock() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let blog = path("blog.sqlite")
        let server = try ServerLock(databasePath: blog, mode: .shared)
        let second = try ServerLock(databasePath: blog, mode: .shared)
        #expect(throws: ServerLock.Failure.held(path: blog + ".lock")) { try ServerLock(databasePath: blog, mode: .exclusive) }
        withExtendedLifetime((server, second)) {}
    }
}
