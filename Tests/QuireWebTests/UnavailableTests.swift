import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import QuireCore
import QuireTestSupport
@testable import QuireWeb
import Testing

/// While PostgreSQL can't be reached, every surface answers 503 with `Retry-After` within the
/// time limit, and the blog answers again by itself once it is back.
@Suite(.enabled(if: TestPostgres.runsFaultTests, "a fault test: run alone, QUIRE_TEST_FAULTS=1 swift test --filter UnavailableTests (.ci/run does)"))
struct UnavailableTests {
    @Test func anOutageAnswers503EverywhereAndTheBlogComesBackByItself() async throws {
        try await TestPostgres.withDatabase { setup in
            let name = setup.address.database
            // The site's own pool, with a short limit, on the test's database.
            let database = PostgresDatabase(address: setup.address, maximumConnections: 2, timeout: .seconds(2), logger: Logger(label: "test"))
            try await database.withRunning {
                var config = QuireConfig()
                config.server.pageCacheMiB = 0
                let store = BlogDatabase.postgres(database)
                try await store.posts(defaultAuthor: "Ann").create(PostDraft(title: "Hello", bodyMarkdown: "x", publishedAt: Date().addingTimeInterval(-60)), now: Date())
                let services = try await QuireServices(config: config, store: store)
                _ = try await services.site.current()
                try await Application(router: buildRouter(services: services)).test(.router) { client in
                    #expect(try await client.execute(uri: "/api/posts", method: .get).status == .ok)
                    try await TestPostgres.onServer("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
                    try await TestPostgres.onServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)'")
                    let started = ContinuousClock.now
                    let api = try await client.execute(uri: "/api/posts", method: .get)
                    #expect(api.status == .serviceUnavailable && api.headers[.retryAfter] == "5")
                    #expect(api.headers[.contentType] == "application/problem+json")
                    let page = try await client.execute(uri: "/posts/hello", method: .get)
                    #expect(page.status == .serviceUnavailable && page.headers[.retryAfter] == "5")
                    #expect(String(buffer: page.body).contains("be reached just now; try again in a few seconds"))
                    // The first answer within the 2-second limit, the second at once (the outage pause).
                    #expect(ContinuousClock.now - started < .seconds(4), "both answers within one limit, no hang")
                    try await TestPostgres.onServer("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
                    // PostgreSQL takes connections again; the site reconnects by itself once the
                    // pause is over. Asked every 100 ms for at most 10 s: no restart, no call.
                    var status = HTTPResponse.Status.serviceUnavailable
                    for _ in 0..<100 where status != .ok {
                        try await Task.sleep(for: .milliseconds(100))
                        status = try await client.execute(uri: "/posts/hello", method: .get).status
                    }
                    #expect(status == .ok, "back by itself")
                }
            }
        }
    }
}
