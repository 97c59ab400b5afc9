import Foundation
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A blog's PostgreSQL database: one bounded pool of connections for the whole process. Every
/// call gets `timeout` to finish, so that while PostgreSQL is down a request answers
/// `StoreError.unavailable` (a 503) within seconds instead of waiting in the pool's queue.
///
/// The pool only connects while `run()` runs: a server puts this in its service group; a command
/// uses `withRunning`.
public final class PostgresDatabase: Service, Sendable {
    public let address: PostgresAddress
    let client: PostgresClient
    let timeout: Duration
    let logger: Logger
    /// Each statement's time, and each transaction's as a whole.
    let timers: DatabaseTimers
    /// Until when calls answer `StoreError.unavailable` at once, after an outage.
    private let pausedUntil = Mutex<ContinuousClock.Instant?>(nil)
    /// The queue behind `commentWrites`, once made.
    let commentQueue = Mutex<CommentWriteQueue<@Sendable (PostgresConnection) async throws -> Comment>?>(nil)

    public init(
        address: PostgresAddress, maximumConnections: Int = 10, timeout: Duration = .seconds(5), metrics: QuireMetrics = .off, logger: Logger
    ) {
        var configuration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.username, password: address.password,
            database: address.database, tls: Self.tls(address.tls)
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = timeout
        // The server stops a statement or a lock wait itself (cancelling the waiting task can't
        // stop a statement postgres-nio has sent), at three quarters of the call's limit, so a
        // slow statement reads as the server's error rather than as the call's limit passing;
        // and it ends a transaction left idle for twice the limit.
        let limit = Self.milliseconds(timeout)
        let serverLimit = String(limit * 3 / 4)
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", serverLimit), ("lock_timeout", serverLimit),
            ("idle_in_transaction_session_timeout", String(2 * limit)),
            ("application_name", Self.applicationName),
        ]
        self.address = address
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.timeout = timeout
        self.logger = logger
        self.timers = DatabaseTimers(engine: "postgres", metrics: metrics)
    }

    /// How this process's connections are named in `pg_stat_activity`: `quire`, the process id
    /// and a random part (processes in containers often share a process id).
    static let applicationName = "quire \(ProcessInfo.processInfo.processIdentifier)-\(String(UInt32.random(in: 0x1000_0000...UInt32.max), radix: 16))"

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// libpq's meanings: `prefer` and `require` encrypt without checking the server's
    /// certificate (a stock Debian server has a self-signed one); `verify-full` checks it and
    /// the host name.
    private static func tls(_ mode: PostgresAddress.TLSMode) -> PostgresClient.Configuration.TLS {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(unverified)
        case .require: return .require(unverified)
        case .verifyFull: return .require(.makeClientConfiguration())
        }
    }

    public func run() async {
        await client.run()
    }

    /// Runs `body` while the pool runs, for a command that is not a service group.
    public func withRunning<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    // MARK: Statements

    /// Every row of one statement.
    func rows(_ query: PostgresQuery, timeout: Duration? = nil) async throws -> [PostgresRow] {
        try await withinTimeout(timeout) { [client, logger, timers] in
            try await timers.time(QueryKind(sql: query.sql)) { try await client.query(query, logger: logger).collect() }
        }
    }

    /// Runs one statement that answers no rows worth reading.
    func execute(_ query: PostgresQuery, timeout: Duration? = nil) async throws {
        _ = try await rows(query, timeout: timeout)
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    func transaction<Result: Sendable>(
        timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withinTimeout(timeout) { [client, logger, timers] in
            do {
                return try await timers.time(.transaction) {
                    try await client.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            } catch let error as PostgresTransactionError {
                throw error.closureError ?? error.commitError ?? error.beginError ?? error
            }
        }
    }

    /// Runs `body` on one connection of the pool, outside any transaction of its own.
    func withConnection<Result: Sendable>(
        timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withinTimeout(timeout) { [client] in
            try await client.withConnection { connection in try await body(connection) }
        }
    }

    /// `operation`'s answer, or `StoreError.unavailable` when it takes longer than the timeout or
    /// fails because PostgreSQL can't be reached or a statement ran too long; other errors as they
    /// are. When PostgreSQL can't be reached, or a call gets no answer within its limit (a server
    /// that stopped answering, or one so loaded that the call's statements and its wait for a
    /// connection took the whole limit), calls answer `unavailable` at once for a second
    /// (`outagePause`), so a page that makes several calls answers its 503 within one limit, not
    /// one limit per call, and a loaded server is given a second. A statement the server stopped
    /// itself (too slow, a deadlock) fails its own call only.
    private func withinTimeout<Result: Sendable>(
        _ timeout: Duration?, _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let now = ContinuousClock.now
        if let pausedUntil = pausedUntil.withLock({ $0 }), now < pausedUntil { throw StoreError.unavailable }
        do {
            return try await firstAnswer(within: timeout ?? self.timeout, operation)
        } catch StoreError.unavailable {
            noteOutage("no answer within \(timeout ?? self.timeout)", "PostgreSQL gave no answer within the time limit")
            throw StoreError.unavailable
        } catch let error where PostgresFailure.isOutage(error) {
            // A request whose client went away is not an outage.
            if Task.isCancelled { throw error }
            if PostgresFailure.isConnectionFailure(error) {
                noteOutage(String(reflecting: error), "PostgreSQL can't be reached")
            } else {
                logger.warning("A PostgreSQL statement ran past its time limit, met a deadlock, or found the server full or read-only", metadata: ["error": "\(PostgresFailure.message(of: error))"])
            }
            throw StoreError.unavailable
        }
    }

    private func noteOutage(_ reason: String, _ message: Logger.Message) {
        pausedUntil.withLock { $0 = ContinuousClock.now + Self.outagePause }
        logger.warning(message, metadata: ["database": "\(address)", "error": "\(reason)"])
    }

    /// How long calls answer `unavailable` at once after one met an outage.
    static let outagePause = Duration.seconds(1)
}

extension PostgresDatabase {
    /// Runs SQL text as it is, statement by statement, and returns the first column of the last
    /// statement's rows as text: for administration (creating a database) and for tests. Never
    /// give it text from a request.
    @discardableResult
    public func administer(_ sql: String) async throws -> [String?] {
        var answer: [PostgresRow] = []
        for statement in SQLStatements.split(sql) {
            answer = try await rows(PostgresQuery(unsafeSQL: statement))
        }
        return try answer.map { row in try row.decode(String?.self) }
    }
}

extension PostgresDatabase {
    /// Throws, in one sentence that says what to check, unless PostgreSQL answers within the
    /// time limit: for commands, before they do anything else.
    public func checkReachable() async throws {
        do {
            _ = try await rows("SELECT 1")
        } catch StoreError.unavailable {
            throw DatabaseOpenError(
                path: address.description,
                reason: "no answer within \(timeout) (is PostgreSQL running there, and are the host, port, user, password and database in database.url right?)"
            )
        } catch {
            throw DatabaseOpenError(path: address.description, reason: PostgresFailure.message(of: error))
        }
    }
}
