import Foundation
import GRDB
import Testing

@testable import QuireCore

@Suite struct BackupTests {
    @Test func backupWhileCommentsAreBeingWrittenIsConsistent() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("blog.sqlite").path
        let server = try AppDatabase.open(path: path)
        let posts = SQLitePostStore(database: server, defaultAuthor: "Ann")
        let post = try await posts.create(PostDraft(title: "Busy post", bodyMarkdown: "x"), now: Date()).post
        var settings = QuireConfig.Comments()
        settings.moderation = .open
        settings.commentRateLimit = 0
        let comments = SQLiteCommentStore(database: server, settings: settings)

        let (writing, signal) = AsyncStream.makeStream(of: Void.self)
        let writer = Task {
            defer { signal.finish() }
            var written = 0
            for index in 0..<300 {
                let outcome = try await comments.submit(
                    CommentDraft(authorName: "Reader", authorEmail: "r@example.com", body: "Comment \(index)", clientHash: "c", origin: .api),
                    to: post, now: Date())
                if outcome.comment != nil { written += 1 }
                if index == 10 { signal.finish() }
            }
            return written
        }
        // Once comments are being written, the backup is taken from a second connection pool, as
        // `quire backup` would from its own process.
        for await _ in writing {}
        let tool = try AppDatabase.open(path: path)
        let backupPath = folder.appendingPathComponent("copy.sqlite").path
        try await tool.backup(to: backupPath)
        let written = try await writer.value
        #expect(written == 300)

        let copy = try DatabaseQueue(path: backupPath)
        let (integrity, count, postCount) = try await copy.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? -1)
        }
        #expect(integrity == "ok")
        #expect(postCount == 1)
        #expect((0...300).contains(count))
        let migrated = try Migrations.bundled().applied(in: copy)
        #expect(migrated.count == (try Migrations.bundled().files.count))

        await #expect(throws: AppDatabase.BackupError.exists(backupPath)) { try await tool.backup(to: backupPath) }
        try await tool.backup(to: backupPath, replacing: true)
        let replaced = try DatabaseQueue(path: backupPath)
        #expect(try await replaced.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment") } == 300)
    }

    /// Media lives in the database: a backup carries every file, byte for byte, and serves it
    /// when opened as the blog's database.
    @Test func aBackupCarriesTheMedia() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("blog.sqlite").path)
        let rules = MediaRules(maxBytes: 20_000_000, maxPixels: 50_000_000, widths: [16])
        let media = SQLiteMediaStore(database: database, rules: rules, processor: try ImageProcessor(concurrentImages: 1))
        let added = try await media.add(bytes: try MediaFixtures.bytes("photo-exif.jpg"), alt: "A gradient", ownerID: nil, now: Date()).media
        let backupPath = folder.appendingPathComponent("copy.sqlite").path
        try await database.backup(to: backupPath)

        let restored = SQLiteMediaStore(database: try AppDatabase.open(path: backupPath), rules: rules, processor: try ImageProcessor(concurrentImages: 1))
        #expect(try await restored.media(id: added.id) == added)
        for size in added.sizes {
            #expect(try await restored.file(named: size.name)?.bytes == (try await media.file(named: size.name))?.bytes)
        }
    }
}
