import Foundation
import QuireCore
import Logging
import Synchronization

/// The database's lock, held shared for as long as the command runs, so that `quire restore`
/// refuses while any server or command has the database open (`ServerLock`).
private let heldLocks = Mutex<[ServerLock]>([])

/// Opens and migrates the blog's database for a command, saying on standard error when an
/// existing database is about to be upgraded: some migrations rewrite a large blog's tables for
/// a minute or more, and a command that printed nothing meanwhile would look hung.
/// `verify` reads every page first (for `quire serve`: never serve a damaged file).
func openDatabase(_ config: QuireConfig, pageCacheMiB: Int? = nil, metrics: QuireMetrics = .off, verify: Bool = false) throws -> AppDatabase {
    let lock = try ServerLock(databasePath: config.database.path, mode: .shared)
    heldLocks.withLock { $0.append(lock) }
    return try AppDatabase.open(path: config.database.path, pageCacheMiB: pageCacheMiB, metrics: metrics, verify: verify) { pending in
        let message = """
            Updating the database \(config.database.path) (\(pending.joined(separator: ", "))). On a large \
            blog this can take a few minutes; if it is stopped, nothing is lost and it starts again next time.

            """
        FileHandle.standardError.write(Data(message.utf8))
    }
}

/// Runs `body` on the blog's database: the SQLite file (`openDatabase`, its writer's page cache
/// `sqlitePageCacheMiB` when given) or, when `database.url` names one, PostgreSQL, checked,
/// migrated, and its pool running for as long as `body` runs; its statements timed into `metrics`.
func withBlogDatabase<Result: Sendable>(
    _ config: QuireConfig, logger: Logger = quietLogger, sqlitePageCacheMiB: Int? = nil, metrics: QuireMetrics = .off, verify: Bool = false,
    _ body: @escaping @Sendable (BlogDatabase) async throws -> Result
) async throws -> Result {
    guard let address = config.database.url else {
        return try await body(.sqlite(openDatabase(config, pageCacheMiB: sqlitePageCacheMiB, metrics: metrics, verify: verify)))
    }
    return try await withPostgres(address, config, logger: logger, metrics: metrics) { database in try await body(.postgres(database)) }
}

/// Runs `body` on the PostgreSQL database at `address`, checked and migrated first, with its pool
/// (sized and timed by `config.database`) running for as long as `body` runs.
func withPostgres<Result: Sendable>(
    _ address: PostgresAddress, _ config: QuireConfig, logger: Logger = quietLogger, metrics: QuireMetrics = .off,
    _ body: @escaping @Sendable (PostgresDatabase) async throws -> Result
) async throws -> Result {
    let database = PostgresDatabase(
        address: address, maximumConnections: config.database.maxConnections, timeout: .seconds(config.database.timeoutSeconds),
        metrics: metrics, logger: logger
    )
    return try await database.withRunning {
        try await database.checkReachable()
        try await Migrations.bundled(for: .postgres).apply(to: database) { pending in
            FileHandle.standardError.write(Data("Updating the database \(address) (\(pending.joined(separator: ", "))).\n".utf8))
        }
        return try await body(database)
    }
}

/// The database's logger for commands other than `serve`: they print their outcome in a line of
/// their own, so the pool's retries while PostgreSQL doesn't answer stay quiet.
private var quietLogger: Logger {
    var logger = Logger(label: "quire.database")
    logger.logLevel = .error
    return logger
}
