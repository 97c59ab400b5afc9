import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import QuireCore
import QuireTestSupport
import QuireWeb
import Synchronization
import Testing

/// `GET /metrics` on its own router, and the access log: what a site counts while readers,
/// commenters and the database do their work, on both engines.
@Suite struct MetricsTests {
    /// The value of one series in Prometheus's text, or nil when it is not there.
    func value(_ series: String, in exposition: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    func scrape(_ prometheus: PrometheusMetrics) async throws -> (text: String, contentType: String?) {
        try await Application(router: buildMetricsRouter(prometheus)).test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            return (response.text, response.headers[.contentType])
        }
    }

    @Test(arguments: TestPostgres.engines)
    func requestsCachesCommentsAndTheDatabaseAreCounted(engine: DatabaseEngine) async throws {
        let prometheus = PrometheusMetrics()
        let site = try TestSite(prometheus: prometheus)
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client async throws in
                #expect(try await client.execute(uri: "/posts/post", method: .get).status == .ok)
                #expect(try await client.execute(uri: "/posts/post", method: .get).status == .ok)
                #expect(try await client.execute(uri: "/posts/missing", method: .get).status == .notFound)
                let held = try await client.execute(
                    uri: "/api/posts/post/comments", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"author_name":"Ann","author_email":"ann@example.com","body":"Held"}"#)
                )
                #expect(held.status == .created)
                let refused = try await client.execute(
                    uri: "/api/posts/post/comments", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"author_name":"Ann","author_email":"not an email","body":"x"}"#)
                )
                #expect(refused.status == .unprocessableContent)
                let form = try await client.postComment(slug: "post", goodComment(), token: "forged")
                #expect(form.status == .badRequest)
            }
        }
        let (text, contentType) = try await scrape(prometheus)
        #expect(contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(value(#"quire_http_requests_total{method="GET",route="/posts/{slug}",status="200"}"#, in: text) == 2)
        #expect(value(#"quire_http_requests_total{method="GET",route="/posts/{slug}",status="404"}"#, in: text) == 1)
        #expect(value(#"quire_http_request_duration_seconds_count{method="GET",route="/posts/{slug}",status="200"}"#, in: text) == 2)
        #expect(value(#"quire_http_request_duration_seconds_bucket{method="GET",route="/posts/{slug}",status="200",le="+Inf"}"#, in: text) == 2)
        // The first read rendered the page, the second was answered from the cache.
        #expect(value(#"quire_cache_hits_total{cache="pages"}"#, in: text) == 1)
        #expect((value(#"quire_cache_misses_total{cache="pages"}"#, in: text) ?? 0) >= 2)
        #expect(value(#"quire_cache_evictions_total{cache="pages"}"#, in: text) == 0)
        #expect(value(#"quire_comments_total{origin="api",outcome="held",rule=""}"#, in: text) == 1)
        #expect(value(#"quire_comments_total{origin="api",outcome="refused",rule="invalid"}"#, in: text) == 1)
        #expect(value(#"quire_comments_total{origin="form",outcome="refused",rule="form_token"}"#, in: text) == 1)
        let engineName = engine == .sqlite ? "sqlite" : "postgres"
        #expect((value(#"quire_database_query_duration_seconds_count{engine="\#(engineName)",kind="select"}"#, in: text) ?? 0) > 0)
        #expect((value(#"quire_database_query_duration_seconds_sum{engine="\#(engineName)",kind="select"}"#, in: text) ?? 0) > 0)
    }

    @Test func aFullCacheCountsWhatItDrops() async throws {
        let prometheus = PrometheusMetrics()
        // 1 MiB holds a few pages; each is at most an eighth of it.
        let site = try TestSite(prometheus: prometheus) { $0.server.pageCacheMiB = 1 }
        for number in 1...40 {
            try await site.add(PostDraft(title: "Post \(number)", bodyMarkdown: String(repeating: "Words to fill the page. ", count: 1_000)))
        }
        try await site.test { client async throws in
            for number in 1...40 {
                #expect(try await client.execute(uri: "/posts/post-\(number)", method: .get).status == .ok)
            }
        }
        let (text, _) = try await scrape(prometheus)
        #expect((value(#"quire_cache_evictions_total{cache="pages"}"#, in: text) ?? 0) > 0)
    }

    @Test func theBlogsOwnPortHasNoMetrics() async throws {
        let site = try TestSite(prometheus: PrometheusMetrics())
        try await site.test { client async throws in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .notFound)
        }
    }

    @Test func eachAnswerIsOneAccessLogLineWithoutQueryOrClient() async throws {
        let lines = Mutex<[String]>([])
        let accessLog = Logger(label: "quire.access") { label in
            JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        let site = try TestSite()
        try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
        try await site.test(accessLog: accessLog) { client in
            _ = try await client.execute(uri: "/posts/post", method: .get)
            _ = try await client.execute(uri: "/posts/post", method: .get)
            _ = try await client.execute(uri: "/search?q=someone%40example.com", method: .get, headers: [.init("X-Forwarded-For")!: "203.0.113.9"])
            _ = try await client.execute(uri: "/api/posts", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            _ = try await client.execute(uri: "/posts/post", method: .head)
        }
        let all = lines.withLock { $0 }
        #expect(all.count == 5)
        #expect(all.last?.contains(#""message":"HEAD /posts/post 200""#) == true)
        let logged = Array(all.prefix(4))
        let objects = try logged.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["path"] as? String } == ["/posts/post", "/posts/post", "/search", "/api/posts"])
        #expect(objects.map { $0["status"] as? Int } == [200, 200, 200, 401])
        #expect(objects.map { $0["cache"] as? String } == ["miss", "hit", "miss", "bypass"])
        #expect(objects.map { $0["method"] as? String } == ["GET", "GET", "GET", "POST"])
        #expect(objects.allSatisfy { ($0["bytes"] as? Int ?? 0) > 0 && $0["duration_ms"] is Double && $0["logger"] as? String == "quire.access" })
        #expect(objects[0]["message"] as? String == "GET /posts/post 200")
        #expect(!logged.joined().contains("example.com") && !logged.joined().contains("203.0.113.9"))
    }
}
