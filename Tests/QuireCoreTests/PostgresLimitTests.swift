import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// The time limit of a call on PostgreSQL: the server stops a statement at three quarters of the
/// call's limit, which answers `unavailable`; but a slow statement is not an outage, so the next
/// call is served at once.
@Suite(.enabled(if: TestPostgres.address != nil, "set QUIRE_TEST_POSTGRES_URL (scripts/postgres-cluster.sh) to test PostgreSQL"))
struct PostgresLimitTests {
    @Test func aSlowStatementAnswersUnavailableAndPausesNothing() async throws {
        try await TestPostgres.withDatabase { database in
            // The test pool's limit is 60 s; this statement gets a tenth of a second.
            await #expect(throws: StoreError.unavailable) {
                try await database.transaction { connection in
                    try await connection.execute("SET LOCAL statement_timeout = 100")
                    try await connection.execute("SELECT pg_sleep(5)")
                }
            }
            let limit = try await database.administer("SHOW statement_timeout")
            #expect(limit == ["45s"])
            let name = try await database.administer("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
            #expect(name == [PostgresDatabase.applicationName])
        }
        #expect(PostgresDatabase.applicationName.hasPrefix("quire \(ProcessInfo.processInfo.processIdentifier)-"))
    }
}
