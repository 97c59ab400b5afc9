import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// How a process learns of what other processes commit to a shared PostgreSQL database.
/// One test at a time, and each terminates only its own database's connections: a LISTEN
/// connection of another test, terminated mid-call, could leave that test waiting.
@Suite(.serialized, .enabled(if: TestPostgres.address != nil, "set QUIRE_TEST_POSTGRES_URL (scripts/postgres-cluster.sh) to test PostgreSQL"))
struct PostgresChangeFeedTests {
    /// Waits (at most 10 seconds) for `condition`, which an event on another connection makes true.
    private func eventually(_ condition: () throws -> Bool) async throws -> Bool {
        for _ in 0..<1000 {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func aCommitAnywhereMovesTheVersionAndALostNotificationIsFoundByThePoll() async throws {
        try await TestPostgres.withDatabase { database in
            // A poll so rare that only the notifications can move the version in this test.
            let feed = PostgresChangeFeed(database: database, pollInterval: .seconds(3600))
            let running = Task { try await feed.run() }
            defer { running.cancel() }
            #expect(try await eventually { feed.knowsChanges })
            let before = try feed.commitVersion()
            #expect(try feed.commitVersion() == before, "nothing changed, nothing moves")
            try await database.administer("INSERT INTO site_setting (key, value) VALUES ('x', '1')")
            #expect(try await eventually { try feed.commitVersion() > before })
            #expect(try await feed.counters(commentsAfter: 0).content == 1)
            // A change that sent no notification (the counter moved by hand) is found by the poll.
            await feed.pollOnce()
            let heard = try feed.commitVersion()
            try await database.administer("UPDATE change_counter SET content = content + 1")
            await feed.pollOnce()
            #expect(try feed.commitVersion() > heard)
        }
    }

    @Test func whileItCannotListenEveryRequestLooksAgainAndItListensAgainByItself() async throws {
        try await TestPostgres.withDatabase { database in
            let feed = PostgresChangeFeed(database: database, pollInterval: .seconds(3600))
            let running = Task { try await feed.run() }
            defer { running.cancel() }
            #expect(try await eventually { feed.knowsChanges })
            try await database.administer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
            #expect(try await eventually { !feed.knowsChanges })
            // A version of its own for every request while it can't know.
            let first = try feed.commitVersion()
            if !feed.knowsChanges { #expect(try feed.commitVersion() > first) }
            #expect(try await eventually { feed.knowsChanges }, "listening again within seconds")
        }
    }
}
