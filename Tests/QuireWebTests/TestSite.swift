import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import QuireCore
import QuireTestSupport
import QuireWeb

/// A Quire site on a fresh database with the real migrations, driven through its router: in
/// memory on SQLite (`init`), or a database of its own on the test server (`on(_:)`).
struct TestSite: Sendable {
    var config: QuireConfig
    /// The site's database and its stores.
    let blog: BlogDatabase
    let store: any PostStore
    /// The site's time, which tests move instead of waiting. It starts at the real time in whole
    /// seconds, so that times stored with millisecond precision compare exactly.
    let clock = ManualClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
    /// What the site measures, for `/metrics`; nil measures nothing.
    let prometheus: PrometheusMetrics?

    init(prometheus: PrometheusMetrics? = nil, configure: (inout QuireConfig) -> Void = { _ in }) throws {
        var config = QuireConfig()
        config.site.baseURL = "https://blog.example"
        // bcrypt's lowest cost: signing in takes a millisecond instead of a quarter second.
        config.admin.passwordCost = 4
        configure(&config)
        try self.init(config: config, blog: .sqlite(AppDatabase.inMemory(metrics: prometheus?.metrics ?? .off)), prometheus: prometheus)
    }

    /// A site on a database of the test's own, such as a file that another connection locks.
    init(database: AppDatabase, configure: (inout QuireConfig) -> Void = { _ in }) throws {
        var config = QuireConfig()
        config.site.baseURL = "https://blog.example"
        config.admin.passwordCost = 4
        configure(&config)
        try self.init(config: config, blog: .sqlite(database), prometheus: nil)
    }

    private init(config: QuireConfig, blog: BlogDatabase, prometheus: PrometheusMetrics?) throws {
        self.config = config
        self.blog = blog
        self.prometheus = prometheus
        store = blog.posts(defaultAuthor: config.site.author)
    }

    /// Runs `body` with this site on SQLite, or with a site of the same config on a fresh database
    /// of the test server (dropped afterwards) on PostgreSQL: route tests run on both engines.
    func on(_ engine: DatabaseEngine, _ body: @Sendable (TestSite) async throws -> Void) async throws {
        guard engine == .postgres else { return try await body(self) }
        let (config, prometheus) = (config, prometheus)
        try await TestDatabases.with(.postgres, metrics: prometheus?.metrics ?? .off) { blog in
            try await body(TestSite(config: config, blog: blog, prometheus: prometheus))
        }
    }

    /// The SQLite database, for tests that read it directly (they run on SQLite only).
    var database: AppDatabase {
        guard case .sqlite(let database) = blog else { preconditionFailure("this test reads SQLite directly; run it on SQLite") }
        return database
    }

    @discardableResult
    func add(_ draft: PostDraft) async throws -> PostWithTags {
        try await store.create(draft, now: clock.now)
    }

    /// The site's services, on its database and clock.
    func services(sitemapPageSize: Int = 50_000) async throws -> QuireServices {
        try await QuireServices(config: config, store: blog, clock: clock.wallClock, prometheus: prometheus, sitemapPageSize: sitemapPageSize)
    }

    /// Drives the site's router; its access log goes to `accessLog`.
    func test<Value: Sendable>(
        accessLog: Logger = Logger(label: "quire.access"), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await Application(router: buildRouter(services: try await services(), accessLog: accessLog)).test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body parsed as a JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: body))
        guard let dictionary = object as? [String: Any] else { throw JSONShapeError() }
        return dictionary
    }
}

struct JSONShapeError: Error {}

/// Dates a little in the past, in order, so lists have a known order.
func daysAgo(_ days: Double) -> Date {
    Date().addingTimeInterval(-days * 86_400)
}

/// `application/x-www-form-urlencoded` as a browser sends it.
func formEncoded(_ fields: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._*")
    return fields.map { name, value in
        let encode = { (text: String) in
            (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
        }
        return "\(encode(name))=\(encode(value))"
    }.joined(separator: "&")
}

extension TestClientProtocol {
    /// The `form_token` that the post page's comment form carries.
    func formToken(slug: String) async throws -> String {
        let html = try await execute(uri: "/posts/\(slug)", method: .get).text
        guard let range = html.range(of: #"name="form_token" value=""#) else { return "" }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Sends the comment form with these fields, adding a valid token unless one is given.
    func postComment(slug: String, _ fields: [(String, String)], token: String? = nil) async throws -> TestResponse {
        var formToken = token
        if formToken == nil { formToken = try await self.formToken(slug: slug) }
        let body = formEncoded(fields + [("form_token", formToken ?? "")])
        return try await execute(
            uri: "/posts/\(slug)/comments",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        )
    }
}

/// The fields of a comment that passes every check.
func goodComment(_ text: String = "A thoughtful reply.", email: String = "reader@example.com") -> [(String, String)] {
    [("comment", text), ("author", "Reader"), ("email", email), ("url", ""), ("comment_parent", "0")]
}
