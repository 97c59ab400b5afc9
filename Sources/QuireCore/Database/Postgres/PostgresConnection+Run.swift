import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs one statement to its end, ignoring its rows.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }

    /// Every row of one statement, inside a store's transaction.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// Runs one statement inside a store's transaction, ignoring its rows.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }
}

extension PostgresConnection {
    /// Takes the change counter's row first in a transaction whose writes would otherwise lock
    /// `term_document` before it: every writer takes the two in one order (counter, then terms),
    /// so two processes' writes wait for each other instead of deadlocking.
    func lockChangeCounter() async throws {
        try await execute("SELECT 1 FROM change_counter WHERE id = 1 FOR UPDATE")
    }
}
