import Foundation
import Hummingbird
import QuireCore

/// `GET /api/posts` and `GET /api/posts/{slug}`: published posts as JSON.
struct PostAPIController<Context: RequestContext>: Sendable {
    let posts: PostStore
    let comments: CommentStore
    let related: RelatedPosts
    let auth: AuthorAuthentication
    let config: QuireConfig

    static var limitRange: ClosedRange<Int> { 1...100 }

    struct PostBody: Encodable, Sendable {
        var post: PostJSON
    }

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/posts", method: .get, use: list)
        routes.on("/api/posts/:slug", method: .get, use: show)
        routes.on("/api/posts/:slug/related", method: .get, use: relatedPosts)
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        let query = request.uri.queryParameters
        let limit = try Self.limit(from: query["limit"].map(String.init))
        let cursor = try query["cursor"].map { try KeysetCursor.parse(String($0)) }
        let now = Date()
        if let statusText = query["status"] {
            try await auth.requireAuthor(request)
            guard let status = PostStatus(rawValue: String(statusText)) else {
                throw Problem(.badRequest, "status must be one of draft, scheduled, published.")
            }
            let page = try await posts.posts(status: status, after: cursor, limit: limit, now: now)
            let counts = try await comments.approvedCounts(postIDs: page.posts.compactMap(\.post.id))
            return JSONBody(value: CursorPageBody(itemsKey: "posts", items: page.posts.map { json($0, .author, counts: counts, now: now) }, nextCursor: page.next?.encoded))
        }
        let tag = query["tag"].map(String.init)
        var search: SearchQuery?
        if let text = query["q"].map(String.init), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = SearchQuery(text) else { return JSONBody(value: CursorPageBody<PostJSON>(itemsKey: "posts", items: [], nextCursor: nil)) }
            search = parsed
        }
        let page = try await posts.publicPosts(after: cursor, limit: limit, tagSlug: tag, matching: search, now: now)
        let counts = try await comments.approvedCounts(postIDs: page.posts.compactMap(\.post.id))
        let body = CursorPageBody(itemsKey: "posts", items: page.posts.map { json($0, .summary, counts: counts, now: now) }, nextCursor: page.next?.encoded)
        return JSONBody(value: body)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let now = Date()
        // An author sees drafts and scheduled posts too, with their Markdown and status.
        let isAuthor = try await auth.isAuthor(request)
        let found = isAuthor ? try await posts.post(slug: slug) : try await posts.publicPost(slug: slug, now: now)
        guard let post = found else {
            if let renamed = try await posts.renamedSlug(from: slug, publicAt: isAuthor ? nil : now) {
                return Response(status: .movedPermanently, headers: [.location: "/api/posts/\(renamed)"])
            }
            throw Problem(.notFound, "No published post has the slug '\(slug)'.")
        }
        let counts = try await comments.approvedCounts(postIDs: [post.post.id ?? 0])
        return try JSONBody(value: PostBody(post: json(post, isAuthor ? .author : .full, counts: counts, now: now)))
            .response(from: request, context: context)
    }

    /// `GET /api/posts/{slug}/related?limit=`: the same list as the post page, each with its score.
    @Sendable func relatedPosts(request: Request, context: Context) async throws -> some ResponseGenerator {
        let slug = try context.parameters.require("slug")
        let limit = try Self.limit(from: request.uri.queryParameters["limit"].map(String.init), range: 1...20, default: config.relatedPosts)
        let now = Date()
        guard let post = try await posts.publicPost(slug: slug, now: now), let postID = post.post.id else {
            throw Problem(.notFound, "No published post has the slug '\(slug)'.")
        }
        let matches = try await related.related(to: postID, limit: limit, now: now)
        let counts = try await comments.approvedCounts(postIDs: matches.compactMap(\.entry.post.id))
        var items = matches.map { json($0.entry, .summary, counts: counts, now: now) }
        for index in items.indices { items[index].score = matches[index].score }
        return JSONBody(value: RelatedBody(related: items))
    }

    private struct RelatedBody: Encodable, Sendable {
        var related: [PostJSON]
    }

    static func limit(from text: String?, range: ClosedRange<Int> = limitRange, default fallback: Int = 10) throws -> Int {
        guard let text else { return fallback }
        guard let limit = Int(text), range.contains(limit) else {
            throw Problem(.badRequest, "limit must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return limit
    }

    func json(_ entry: PostWithTags, _ detail: PostJSON.Detail, counts: [Int64: Int], now: Date) -> PostJSON {
        let count = entry.post.id.flatMap { counts[$0] } ?? 0
        return PostJSON(entry: entry, detail: detail, baseURL: config.site.baseURLPrefix, commentCount: count, now: now)
    }
}
