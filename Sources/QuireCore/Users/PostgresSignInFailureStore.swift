import Foundation
import PostgresNIO

/// The failed sign-ins of a PostgreSQL database. Attempts on the same key take turns on an
/// advisory lock per key, across every process, so none slips past the throttle.
public struct PostgresSignInFailureStore: SignInFailureStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func countAttempt(
        keys: [String], now: Date, forgettingBefore: Date, wait: @escaping @Sendable ([(count: Int, last: Date)]) -> TimeInterval?
    ) async throws -> TimeInterval? {
        try await database.transaction { connection in
            // Sorted, so two attempts never wait on each other's second key.
            for key in keys.sorted() {
                try await connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))")
            }
            var failures: [(count: Int, last: Date)] = []
            for key in keys {
                if let row = try await connection.rows("SELECT failures, last_failure_at FROM sign_in_failure WHERE key = \(key)").first {
                    let (count, last) = try row.decode((Int, Date).self)
                    failures.append((count, last))
                }
            }
            if let wait = wait(failures) { return wait }
            for key in keys {
                try await connection.execute("""
                    INSERT INTO sign_in_failure (key, failures, last_failure_at) VALUES (\(key), 1, \(now))
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN sign_in_failure.last_failure_at < \(forgettingBefore) THEN 1 ELSE sign_in_failure.failures + 1 END,
                        last_failure_at = excluded.last_failure_at
                    """)
            }
            return nil
        }
    }

    public func clear(keys: [String]) async throws {
        try await database.execute("DELETE FROM sign_in_failure WHERE key = ANY (\(keys))")
    }
}
