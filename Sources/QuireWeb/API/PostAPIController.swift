import Foundation
import Hummingbird
import QuireCore

/// `GET /api/posts` and `GET /api/posts/{slug}`: published posts as JSON.
struct PostAPIController<Context: RequestContext>: Sendable {
    let posts: PostStore
    let comments: CommentStore
    let config: QuireConfig

    static var limitRange: ClosedRange<Int> { 1...100 }

    private struct ListBody: Encodable, Sendable {
        var posts: [PostJSON]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case posts
            case nextCursor = "next_cursor"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(posts, forKey: .posts)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    private struct PostBody: Encodable, Sendable {
        var post: PostJSON
    }

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/posts", method: .get, use: list)
        routes.on("/api/posts/:slug", method: .get, use: show)
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        let query = request.uri.queryParameters
        if query["status"] != nil {
            throw AuthorAuthentication.unauthorized
        }
        let limit = try Self.limit(from: query["limit"].map(String.init))
        let cursor = try query["cursor"].map { try KeysetCursor.parse(String($0)) }
        let now = Date()
        let tag = query["tag"].map(String.init)
        let page = try await posts.publicPosts(after: cursor, limit: limit, tagSlug: tag, now: now)
        let counts = try await comments.approvedCounts(postIDs: page.posts.compactMap(\.post.id))
        let body = ListBody(posts: page.posts.map { json($0, .summary, counts: counts, now: now) }, nextCursor: page.next?.encoded)
        return JSONBody(value: body)
    }

    @Sendable func show(request: Request, context: Context) async throws -> some ResponseGenerator {
        let slug = try context.parameters.require("slug")
        let now = Date()
        guard let post = try await posts.publicPost(slug: slug, now: now) else {
            throw Problem(.notFound, "No published post has the slug '\(slug)'.")
        }
        let counts = try await comments.approvedCounts(postIDs: [post.post.id ?? 0])
        return JSONBody(value: PostBody(post: json(post, .full, counts: counts, now: now)))
    }

    static func limit(from text: String?) throws -> Int {
        guard let text else { return 10 }
        guard let limit = Int(text), limitRange.contains(limit) else {
            throw Problem(.badRequest, "limit must be a whole number from \(limitRange.lowerBound) to \(limitRange.upperBound).")
        }
        return limit
    }

    private func json(_ entry: PostWithTags, _ detail: PostJSON.Detail, counts: [Int64: Int], now: Date) -> PostJSON {
        let count = entry.post.id.flatMap { counts[$0] } ?? 0
        return PostJSON(entry: entry, detail: detail, baseURL: config.site.baseURLPrefix, commentCount: count, now: now)
    }
}
