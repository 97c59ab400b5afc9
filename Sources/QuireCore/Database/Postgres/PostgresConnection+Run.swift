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
