import Foundation
import GRDB

/// What `quire doctor` checks on a blog's SQLite database and the machine it is on, without
/// changing anything: the file is opened read-only and never created or migrated.
public struct Doctor: Sendable {
    public let config: QuireConfig
    public let migrations: Migrations

    /// Below this, writes may soon fail: a comment or an upload is refused with a 503.
    public static var lowDisk: Int64 { 100 * 1_048_576 }
    /// Below this (or below the database's own size, which a backup needs again), a warning.
    public static var tightDisk: Int64 { 1_024 * 1_048_576 }

    public init(config: QuireConfig, migrations: Migrations) {
        self.config = config
        self.migrations = migrations
    }

    /// Every finding, in the order they were made.
    public func examine() async -> [DoctorFinding] {
        var findings = [addressFinding(), serverFinding()]
        let path = config.database.path
        findings.append(diskFinding(folder: URL(fileURLWithPath: path).deletingLastPathComponent().path, databaseBytes: Self.fileSize(path)))
        findings += await databaseFindings(path: path)
        findings.append(imageProcessingFinding())
        return findings
    }

    // MARK: The database

    private func databaseFindings(path: String) async -> [DoctorFinding] {
        guard FileManager.default.fileExists(atPath: path) else {
            let wal = FileManager.default.fileExists(atPath: path + "-wal")
            return [DoctorFinding(
                "database", wal ? .problem : .warning, "\(path) does not exist" + (wal ? ", but its write-ahead log \(path)-wal does" : ""),
                advice: wal
                    ? "The database file was moved or deleted: put it back, or restore a backup with `quire restore FILE`"
                    : "`quire serve` or `quire migrate` creates it; to bring a blog back, `quire restore FILE`"
            )]
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let damaged = "Stop the server and restore your latest backup with `quire restore FILE` (the damaged file is kept beside it)"
        do {
            guard Self.fileSize(path) > 0 else {
                return [DoctorFinding("database", .problem, "\(path) is empty (0 bytes)", advice: damaged)]
            }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let integrity = try await queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard integrity == ["ok"] else {
                return [DoctorFinding("database", .problem, "\(path) is damaged: \(integrity.prefix(3).joined(separator: "; ").split(whereSeparator: \.isNewline).joined(separator: " "))", advice: damaged)]
            }
            var findings = [DoctorFinding("database", .ok, "\(path): integrity_check ok, \(Self.mebibytes(Self.fileSize(path)))")]
            let migrator = migrations.migrator
            let applied = try await queue.read { db in try migrator.appliedIdentifiers(db) }
            findings.append(migrationFinding(applied: applied))
            // An older blog, not yet migrated as far as the media, has none to check.
            if try await queue.read({ db in try db.tableExists("media_file") }) {
                findings.append(try await mediaFinding(queue))
            }
            return findings
        } catch let error as DatabaseError {
            return [DoctorFinding("database", .problem, "\(path) can't be read: \(error.message ?? "\(error.resultCode)")", advice: damaged)]
        } catch {
            return [DoctorFinding("database", .problem, "\(path) can't be read: \(error)", advice: damaged)]
        }
    }

    /// Whether the schema is this Quire's: behind is fine (the server migrates it), ahead is not.
    func migrationFinding(applied: Set<String>) -> DoctorFinding {
        let known = migrations.files.map(\.name)
        let unknown = applied.subtracting(known).sorted()
        guard unknown.isEmpty else {
            return DoctorFinding(
                "migrations", .problem, "the database was migrated by a newer Quire (\(unknown.joined(separator: ", ")))",
                advice: "Run that newer Quire, or restore a backup made by this one"
            )
        }
        let pending = known.filter { !applied.contains($0) }
        guard pending.isEmpty else {
            return DoctorFinding(
                "migrations", .warning, "\(pending.count) of \(known.count) to apply (\(pending.prefix(3).joined(separator: ", "))\(pending.count > 3 ? ", …" : ""))",
                advice: "`quire migrate`, or the next `quire serve`, applies them; back up first with `quire backup FILE`"
            )
        }
        return DoctorFinding("migrations", .ok, "all \(known.count) applied, the last \(known.last ?? "none")")
    }

    /// Every image has its files in the database.
    private func mediaFinding(_ queue: DatabaseQueue) async throws -> DoctorFinding {
        try await queue.read { db in
            Self.mediaFinding(
                images: try Int.fetchOne(db, sql: "SELECT count(*) FROM media") ?? 0,
                files: try Int.fetchOne(db, sql: "SELECT count(*) FROM media_file") ?? 0,
                withoutFiles: try String.fetchAll(db, sql: Self.imagesWithoutFiles)
            )
        }
    }

    /// Up to three images that have no file, by hash; the same SQL on both engines.
    static let imagesWithoutFiles = "SELECT hash FROM media WHERE NOT EXISTS (SELECT 1 FROM media_file WHERE media_id = media.id) ORDER BY id LIMIT 3"

    /// What the counts of images and files, and the images without any file, say.
    static func mediaFinding(images: Int, files: Int, withoutFiles: [String]) -> DoctorFinding {
        guard withoutFiles.isEmpty else {
            return DoctorFinding(
                "media", .problem, "images without any file: \(withoutFiles.joined(separator: ", "))",
                advice: "Delete them in the admin's Media screen and upload them again"
            )
        }
        return DoctorFinding("media", .ok, "\(images) images, \(files) files, all in the database")
    }

    // MARK: The machine

    /// Free space where the database is: writes need room, and a backup needs the database's size again.
    func diskFinding(folder: String, databaseBytes: Int64) -> DoctorFinding {
        let existing = Self.existingAncestor(of: folder)
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: existing),
              let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value
        else {
            return DoctorFinding("disk", .warning, "can't read the free space of \(existing)")
        }
        let detail = "\(Self.mebibytes(free)) free in \(existing)"
        if free < Self.lowDisk {
            return DoctorFinding("disk", .problem, detail, advice: "Free some space: comments and uploads are refused (503) when the disk fills")
        }
        if free < max(Self.tightDisk, databaseBytes) {
            return DoctorFinding("disk", .warning, detail + " (the database is \(Self.mebibytes(databaseBytes)))", advice: "Free some space: a backup needs as much as the database again")
        }
        return DoctorFinding("disk", .ok, detail)
    }

    /// libvips loads and makes an image: uploads need it.
    func imageProcessingFinding() -> DoctorFinding {
        do {
            _ = try ImageProcessor(concurrentImages: 1)
            return DoctorFinding("images", .ok, "libvips is loaded: uploads can be processed")
        } catch {
            return DoctorFinding("images", .problem, "libvips can't start: \(error)", advice: "Install libvips (Debian: `apt-get install libvips42`)")
        }
    }

    /// Whether a server holds the database now (not a problem either way).
    private func serverFinding() -> DoctorFinding {
        guard config.database.url == nil, FileManager.default.fileExists(atPath: config.database.path) else {
            return DoctorFinding("server", .ok, "not checked (no SQLite file here)")
        }
        do {
            // Taken and let go at once; a server starting in that instant is told to try again.
            let lock = try ServerLock(databasePath: config.database.path, mode: .exclusive)
            withExtendedLifetime(lock) {}
            return DoctorFinding("server", .ok, "no `quire serve` has the database open")
        } catch .held {
            return DoctorFinding("server", .ok, "a `quire serve` (or another command) has the database open")
        } catch {
            return DoctorFinding("server", .warning, "\(error)", advice: "Check that the user running quire may write in the database's folder")
        }
    }

    /// Links in feeds, e-mails and the fediverse are made from `site.base_url`: one on loopback
    /// is wrong for a server that others reach.
    func addressFinding() -> DoctorFinding {
        let base = config.site.baseURL
        let host = URLComponents(string: base)?.host ?? ""
        let loopbackBase = ["127.0.0.1", "localhost", "::1"].contains(host)
        let loopbackListen = ["127.0.0.1", "localhost", "::1"].contains(config.server.host)
        if loopbackBase && !loopbackListen {
            return DoctorFinding(
                "address", .warning, "site.base_url is \(base), but the server listens on \(config.server.host)",
                advice: "Set site.base_url to the address readers use, or feeds and the fediverse get links to 127.0.0.1"
            )
        }
        return DoctorFinding("address", .ok, "links are made from \(base)")
    }

    // MARK: Helpers

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func mebibytes(_ bytes: Int64) -> String {
        bytes >= 1_073_741_824
            ? String(format: "%.1f GiB", Double(bytes) / 1_073_741_824)
            : String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    /// The folder itself, or the nearest one above it that exists (a new blog's folder may not).
    static func existingAncestor(of folder: String) -> String {
        var url = URL(fileURLWithPath: folder)
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }
}
