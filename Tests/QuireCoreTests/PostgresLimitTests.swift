import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// The time limit of a call on PostgreSQL: a slow statement is stopped by the server and answers
/// `unavailable`, but it is not an outage, so the next call is served at once.
@Suite(.enabled(if: TestPostgres.address != nil, "set QUIRE_TEST_POSTGRES_URL (scripts/postgres-cluster.sh) to test PostgreSQL"))
struct PostgresLimitTests {
    @Test func aSlowStatementAnswersUnavailableAndPausesNothing() async throws {
        let address = try #require(TestPostgres.address)
        let database = PostgresDatabase(address: address, maximumConnections: 2, timeout: .seconds(2), logger: .init(label: "quire.tests.limits"))
        try await database.withRunning {
            try await database.execute("SELECT 1")
            await #expect(throws: StoreError.unavailable) { try await database.execute("SELECT pg_sleep(10)") }
            let answer = try await database.rows("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            #expect(try answer.first?.decode(String.self) == PostgresDatabase.applicationName)
        }
        #expect(PostgresDatabase.applicationName.hasPrefix("quire \(ProcessInfo.processInfo.processIdentifier)-"))
    }
}
