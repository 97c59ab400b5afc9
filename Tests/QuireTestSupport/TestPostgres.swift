import Foundation
import Logging
import QuireCore
import Synchronization

/// The PostgreSQL server the tests may use: the one `QUIRE_TEST_POSTGRES_URL` names
/// (`eval "$(scripts/postgres-cluster.sh start)"` starts a private one and sets it). Without it,
/// the tests run on SQLite only, and `PostgresAvailabilityTests` says so.
public enum TestPostgres {
    /// The server's address, or nil when the tests run without PostgreSQL.
    public static let address: PostgresAddress? = {
        guard let url = ProcessInfo.processInfo.environment["QUIRE_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return try? PostgresAddress(url: url)
    }()

    /// Set (by CI, `QUIRE_TEST_REQUIRE_POSTGRES`) when a run without PostgreSQL must fail.
    public static let isRequired = ProcessInfo.processInfo.environment["QUIRE_TEST_REQUIRE_POSTGRES"].map { !$0.isEmpty } ?? false

    /// Set (`QUIRE_TEST_FAULTS`) for the tests that take PostgreSQL away: they time answers against
    /// short limits, so they run alone, after the main run (`.ci/run`), not among 500 other tests.
    public static let runsFaultTests = address != nil && ProcessInfo.processInfo.environment["QUIRE_TEST_FAULTS"].map { !$0.isEmpty } ?? false

    /// The engines store tests run on.
    public static var engines: [DatabaseEngine] { address == nil ? [.sqlite] : [.sqlite, .postgres] }

    private static let counter = Atomic<Int>(0)

    /// Runs `body` on a new, empty database of the test server (migrated unless `migrated` is
    /// false), dropped afterwards.
    public static func withDatabase<Result: Sendable>(
        migrated: Bool = true, metrics: QuireMetrics = .off, _ body: @Sendable (PostgresDatabase) async throws -> Result
    ) async throws -> Result {
        guard let address else { throw TestPostgresMissing() }
        let name = "quire_test_\(ProcessInfo.processInfo.processIdentifier)_\(counter.add(1, ordering: .relaxed).newValue)"
        try await onServer("CREATE DATABASE \(name)")
        var testAddress = address
        testAddress.database = name
        // Tests run all at once on a busy machine: a generous limit, so only a real failure fails.
        let database = PostgresDatabase(address: testAddress, maximumConnections: 4, timeout: .seconds(60), metrics: metrics, logger: logger)
        let result: Result
        do {
            result = try await database.withRunning {
                if migrated { try await Migrations.bundled(for: .postgres).apply(to: database) }
                return try await body(database)
            }
        } catch {
            try? await onServer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
        try await onServer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        return result
    }

    /// Runs one statement on the server's own database (a client's pool runs only once, so each
    /// statement gets its own).
    public static func onServer(_ sql: String) async throws {
        guard let address else { throw TestPostgresMissing() }
        // Databases are made one at a time (CREATE DATABASE locks its template): they may queue.
        let server = PostgresDatabase(address: address, maximumConnections: 1, timeout: .seconds(120), logger: logger)
        _ = try await server.withRunning { try await server.administer(sql) }
    }

    static let logger = Logger(label: "quire.tests.postgres")
}

/// A test asked for PostgreSQL, but `QUIRE_TEST_POSTGRES_URL` is not set.
public struct TestPostgresMissing: Error, CustomStringConvertible {
    public var description: String { "QUIRE_TEST_POSTGRES_URL is not set; run: eval \"$(scripts/postgres-cluster.sh start)\"" }
}
