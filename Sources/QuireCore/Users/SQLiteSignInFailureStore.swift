import Foundation
import GRDB

/// The failed sign-ins of a SQLite database; its one writer puts attempts in turn.
public struct SQLiteSignInFailureStore: SignInFailureStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func countAttempt(
        keys: [String], now: Date, forgettingBefore: Date, wait: @escaping @Sendable ([(count: Int, last: Date)]) -> TimeInterval?
    ) async throws -> TimeInterval? {
        try await database.writer.write { db in
            let failures = try keys.compactMap { key in
                try Row.fetchOne(db, sql: "SELECT failures, last_failure_at FROM sign_in_failure WHERE key = ?", arguments: [key])
                    .map { row -> (count: Int, last: Date) in (row["failures"], row["last_failure_at"]) }
            }
            if let wait = wait(failures) { return wait }
            for key in keys {
                try db.execute(sql: """
                    INSERT INTO sign_in_failure (key, failures, last_failure_at) VALUES (?, 1, ?)
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN last_failure_at < ? THEN 1 ELSE failures + 1 END,
                        last_failure_at = excluded.last_failure_at
                    """, arguments: [key, now, forgettingBefore])
            }
            return nil
        }
    }

    public func clear(keys: [String]) async throws {
        try await database.writer.write { db in
            for key in keys { try db.execute(sql: "DELETE FROM sign_in_failure WHERE key = ?", arguments: [key]) }
        }
    }
}
