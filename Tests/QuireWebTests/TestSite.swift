import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireCore
import QuireWeb

/// A Quire site on a fresh in-memory database with the real migrations, driven through its router.
struct TestSite {
    var config: QuireConfig
    let database: AppDatabase
    let store: PostStore

    init(configure: (inout QuireConfig) -> Void = { _ in }) throws {
        var config = QuireConfig()
        config.site.baseURL = "https://blog.example"
        configure(&config)
        self.config = config
        database = try AppDatabase.inMemory()
        store = PostStore(database: database, defaultAuthor: config.site.author)
    }

    @discardableResult
    func add(_ draft: PostDraft) async throws -> PostWithTags {
        try await store.create(draft, now: Date())
    }

    func test<Value: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let router = try await buildRouter(config: config, database: database)
        return try await Application(router: router).test(.router, body)
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
