import Foundation
import GRDB
import Testing

@testable import QuireCore

/// `quire doctor`'s findings on real SQLite files, and the start-up refusals of a file that lost
/// its contents or is damaged.
@Suite struct DoctorTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-doctor-\(UUID().uuidString)")

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func doctor(_ database: String, migrations: Migrations? = nil) throws -> Doctor {
        var config = QuireConfig()
        config.database.path = path(database)
        return Doctor(config: config, migrations: try migrations ?? .bundled())
    }

    func finding(_ check: String, in findings: [DoctorFinding]) throws -> DoctorFinding {
        try #require(findings.first { $0.check == check })
    }

    /// Writes random bytes over a page in the middle of a closed database file.
    func damage(_ file: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data((0..<8192).map { _ in UInt8.random(in: 0...255) }))
        try handle.close()
    }

    @Test func aHealthyBlogHasNoProblems() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: path("blog.sqlite"))
        // As a running server holds it.
        let lock = try ServerLock(databasePath: path("blog.sqlite"), mode: .shared)
        try await SQLitePostStore(database: database, defaultAuthor: "Ann").create(PostDraft(title: "Hello", bodyMarkdown: "x"), now: Date())
        let findings = try await doctor("blog.sqlite").examine()
        #expect(findings.allSatisfy { $0.verdict == .ok }, "\(findings)")
        #expect(try finding("database", in: findings).detail.contains("integrity_check ok"))
        #expect(try finding("migrations", in: findings).detail.hasPrefix("all \(try Migrations.bundled().files.count) applied"))
        #expect(try finding("media", in: findings).detail == "0 images, 0 files, all in the database")
        #expect(try finding("server", in: findings).detail == "a `quire serve` (or another command) has the database open")
        withExtendedLifetime((database, lock)) {}
    }

    @Test func migrationsBehindWarnAndAheadIsAProblem() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let all = try Migrations.bundled()
        _ = try AppDatabase.open(path: path("old.sqlite"), migrations: Migrations(files: Array(all.files.prefix(20))))
        let behind = try finding("migrations", in: try await doctor("old.sqlite").examine())
        #expect(behind.verdict == .warning)
        #expect(behind.detail.hasPrefix("\(all.files.count - 20) of \(all.files.count) to apply"))
        #expect(behind.advice?.contains("quire migrate") == true)
        // Before the media's migration (0019) there is no media to check, and nothing is wrong.
        _ = try AppDatabase.open(path: path("older.sqlite"), migrations: Migrations(files: Array(all.files.prefix(18))))
        let older = try await doctor("older.sqlite").examine()
        #expect(older.allSatisfy { $0.verdict != .problem }, "\(older)")
        #expect(older.first { $0.check == "media" } == nil)
        let ahead = try finding("migrations", in: try await doctor("old.sqlite", migrations: Migrations(files: Array(all.files.prefix(10)))).examine())
        #expect(ahead.verdict == .problem)
        #expect(ahead.detail.contains("newer Quire"))
    }

    @Test func aDamagedEmptyOrMissingFileIsNamedWithWhatToDo() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var database: AppDatabase? = try AppDatabase.open(path: path("blog.sqlite"))
        let posts = SQLitePostStore(database: try #require(database), defaultAuthor: "Ann")
        for number in 1...200 { try await posts.create(PostDraft(title: "Post \(number)", bodyMarkdown: String(repeating: "text ", count: 200)), now: Date()) }
        try database?.close()
        database = nil
        try damage(path("blog.sqlite"))
        let damaged = try finding("database", in: try await doctor("blog.sqlite").examine())
        #expect(damaged.verdict == .problem)
        #expect(damaged.advice?.contains("quire restore FILE") == true)
        // The server reads every page before it starts.
        #expect {
            _ = try AppDatabase.open(path: path("blog.sqlite"), verify: true)
        } throws: { error in
            "\(error)".contains("Restore your latest backup") && !"\(error)".contains("\n")
        }

        _ = FileManager.default.createFile(atPath: path("empty.sqlite"), contents: Data())
        #expect(try finding("database", in: try await doctor("empty.sqlite").examine()).verdict == .problem)
        #expect {
            _ = try AppDatabase.open(path: path("empty.sqlite"))
        } throws: { error in
            "\(error)".contains("the file is empty (0 bytes)")
        }
        #expect(Doctor.fileSize(path("empty.sqlite")) == 0, "an empty file is never made a new blog")

        _ = FileManager.default.createFile(atPath: path("gone.sqlite-wal"), contents: Data(repeating: 1, count: 100))
        #expect(try finding("database", in: try await doctor("gone.sqlite").examine()).verdict == .problem)
        #expect {
            _ = try AppDatabase.open(path: path("gone.sqlite"))
        } throws: { error in
            "\(error)".contains("write-ahead log")
        }
        #expect(!FileManager.default.fileExists(atPath: path("gone.sqlite")))
        #expect(try finding("database", in: try await doctor("never.sqlite").examine()).verdict == .warning)
    }

    @Test func littleFreeDiskWarnsAndAlmostNoneIsAProblem() throws {
        let doctor = try doctor("blog.sqlite")
        let tmp = FileManager.default.temporaryDirectory.path
        #expect(doctor.diskFinding(folder: tmp, databaseBytes: 0).verdict == .ok)
        let big = doctor.diskFinding(folder: tmp, databaseBytes: Int64.max / 2)
        #expect(big.verdict == .warning && big.advice?.contains("backup") == true)
        #expect(doctor.diskFinding(folder: tmp + "/not/yet/made", databaseBytes: 0).detail.hasSuffix("free in \(tmp)"))
    }

    @Test func aLoopbackBaseURLOnAPublicServerIsAWarning() throws {
        var config = QuireConfig()
        config.server.host = "0.0.0.0"
        #expect(Doctor(config: config, migrations: try .bundled()).addressFinding().verdict == .warning)
        config.site.baseURL = "https://blog.example"
        #expect(Doctor(config: config, migrations: try .bundled()).addressFinding().verdict == .ok)
    }
}
