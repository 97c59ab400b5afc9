import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs one statement to its end, ignoring its rows.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
