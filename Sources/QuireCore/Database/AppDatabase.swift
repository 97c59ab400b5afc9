import Foundation
import GRDB
import Synchronization

/// The one SQLite database of a Quire site, migrated and ready for the stores.
public struct AppDatabase: Sendable {
    /// A `DatabasePool` (WAL) for a file, or a `DatabaseQueue` for an in-memory test database.
    public let writer: any DatabaseWriter
    /// The database file, or nil for an in-memory database.
    public let filePath: String?
    /// New comments are written through this queue, in groups (see `CommentWriteQueue`).
    public let commentWrites: CommentWriteQueue<@Sendable (Database) throws -> Comment>

    /// Wraps a writer whose schema is already migrated; use `open(path:)` or `inMemory()`.
    public init(migratedWriter writer: any DatabaseWriter, filePath: String?) {
        self.writer = writer
        self.filePath = filePath
        self.commentWrites = .sqlite(writer)
    }

    public var reader: any DatabaseReader { writer }

    /// Closes a file's connections, its write-ahead log folded into the file, so the file alone
    /// holds everything (before it is moved); nothing for an in-memory database.
    public func close() throws {
        guard let pool = writer as? DatabasePool else { return }
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try pool.close()
    }

    /// Opens (creating it and its folder if needed) and migrates the database file at `path`.
    /// `pageCacheMiB` sets the page cache of the connection that writes (SQLite's default is
    /// 2 MiB): an import writing 100,000 posts into indexes far larger than that asks for more.
    /// `announceUpgrade` is told the migrations about to run on an existing database. `metrics`,
    /// when on, is told the time of every statement. `verify` reads every page first (SQLite's
    /// `quick_check`), so that a server never starts on a damaged file. `busyTimeout` is how long
    /// a write waits for another process's write lock before it fails (a 503); tests shorten it.
    ///
    /// A file that lost its contents is refused rather than made a new, empty blog: a 0-byte file,
    /// or a missing one whose write-ahead log is still there.
    public static func open(
        path: String, migrations: Migrations? = nil, pageCacheMiB: Int? = nil, metrics: QuireMetrics = .off, verify: Bool = false,
        busyTimeout: TimeInterval = busyTimeout, announceUpgrade: ([String]) -> Void = { _ in }
    ) throws -> AppDatabase {
        try refuseLostContents(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DatabaseOpenError(path: path, reason: "can't create the folder \(folder.path): \(error.localizedDescription)")
        }
        let pool: DatabasePool
        do {
            var configuration = configuration(metrics: metrics)
            configuration.busyMode = .timeout(busyTimeout)
            if let pageCacheMiB {
                configuration.prepareDatabase { db in
                    if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = \(-1024 * pageCacheMiB)") }
                }
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            if verify {
                let problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(3)") }
                guard problems == ["ok"] else {
                    let found = problems.joined(separator: "; ").split(whereSeparator: \.isNewline).joined(separator: " ")
                    throw DatabaseOpenError(path: path, reason: "it is damaged (\(found)). \(restoreAdvice)")
                }
            }
        } catch let error as DatabaseError {
            throw DatabaseOpenError(path: path, reason: (error.message ?? "\(error.resultCode)") + (error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB ? ". \(restoreAdvice)" : ""))
        }
        try (migrations ?? .bundled()).apply(to: pool, announceUpgrade: announceUpgrade)
        return AppDatabase(migratedWriter: pool, filePath: pool.path)
    }

    private static let restoreAdvice = "Restore your latest backup with `quire restore FILE`; `quire doctor` says more"

    /// Throws for a database file that lost its contents, which SQLite would open as a new one.
    private static func refuseLostContents(_ path: String) throws {
        let files = FileManager.default
        if let size = (try? files.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.int64Value == 0 {
            throw DatabaseOpenError(
                path: path, reason: "the file is empty (0 bytes), not a blog. \(restoreAdvice); to start a new blog there, delete the empty file"
            )
        }
        if !files.fileExists(atPath: path), let wal = (try? files.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber, wal.int64Value > 0 {
            throw DatabaseOpenError(
                path: path, reason: "the file is missing, but its write-ahead log \(path)-wal is there: put the database file back, or \(restoreAdvice.prefix(1).lowercased() + restoreAdvice.dropFirst())"
            )
        }
    }

    /// A fresh, migrated in-memory database, for tests and tools.
    public static func inMemory(migrations: Migrations? = nil, metrics: QuireMetrics = .off) throws -> AppDatabase {
        let queue = try DatabaseQueue(configuration: configuration(metrics: metrics))
        try (migrations ?? .bundled()).apply(to: queue)
        return AppDatabase(migratedWriter: queue, filePath: nil)
    }

    /// Every connection waits for a busy database instead of failing, so `quire import` can write
    /// while `quire serve` runs.
    /// How long a write waits for another process's write lock, by default.
    public static let busyTimeout: TimeInterval = 10

    public static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        return configuration
    }

    /// `configuration`, with every statement's time told to `metrics` when they are on: from its
    /// first step to its end, on a clock of its own (SQLite's profile times are whole
    /// milliseconds, and most statements take far less).
    static func configuration(metrics: QuireMetrics) -> Configuration {
        var configuration = configuration
        guard metrics.isOn else { return configuration }
        let timers = DatabaseTimers(engine: "sqlite", metrics: metrics)
        configuration.prepareDatabase { db in
            // A statement may run inside another's iteration (a cursor open): the start times
            // are a stack, the innermost ending first. A trigger's steps are part of its statement.
            let started = Mutex<[ContinuousClock.Instant]>([])
            db.trace(options: [.statement, .profile]) { event in
                switch event {
                case .statement(let statement):
                    guard !statement.sql.hasPrefix("--") else { return }
                    started.withLock { $0.append(ContinuousClock.now) }
                case .profile(let statement, _):
                    guard let start = started.withLock({ $0.popLast() }) else { return }
                    timers.record(QueryKind(sql: statement.sql), nanoseconds: (ContinuousClock.now - start).nanoseconds)
                }
            }
        }
        return configuration
    }
}

/// The database file could not be opened at all.
public struct DatabaseOpenError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "can't open the database \(path): \(reason)" }
}

extension AppDatabase {
    /// Throws unless the database answers a read of the posts table, as every page needs.
    public func ping() async throws {
        try await reader.read { db in _ = try Row.fetchOne(db, sql: "SELECT id FROM post LIMIT 1") }
    }
}
