import Foundation
import Hummingbird
import QuireCore

/// Reading posts as JSON (docs/api.md):
///
/// - `GET /api/posts?limit=&cursor=&tag=&q=`: published posts, newest first, for anyone;
///   with `status=` (draft, scheduled, published), posts of that status, for authors only
/// - `GET /api/posts/{slug}`: a published post; with an author's token, any post
/// - `GET /api/posts/{slug}/related?limit=`: the post page's related posts, with scores
struct PostAPIController<Context: PageCachingRequestContext>: Sendable {
    let site: LiveSite
    let related: RelatedPosts
    let auth: AuthorAuthentication
    /// The site's `base_url`, for the posts' absolute `url`.
    let baseURL: String
    let clock: WallClock

    private struct RelatedBody: Encodable, Sendable {
        var related: [PostJSON]
    }

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/posts", method: .get, use: list)
        routes.on("/api/posts/:slug", method: .get, use: show)
        routes.on("/api/posts/:slug/related", method: .get, use: relatedPosts)
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        let query = request.uri.queryParameters
        let limit = try QueryLimit.parse(query["limit"].map(String.init))
        let cursor = try query["cursor"].map { try KeysetCursor.parse(String($0)) }
        let now = clock.now()
        if let statusText = query["status"] {
            try await auth.requireAuthor(request)
            guard let status = PostStatus(rawValue: String(statusText)) else {
                throw Problem(.badRequest, "status must be one of draft, scheduled, published.")
            }
            let page = try await site.posts.posts(status: status, after: cursor, limit: limit, now: now)
            return try await body(page, .author, now: now, log: context.readLog)
        }
        let tag = query["tag"].map(String.init)
        var search: SearchQuery?
        if let text = query["q"].map(String.init), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = SearchQuery(text) else { return JSONBody(value: CursorPageBody<PostJSON>(itemsKey: "posts", items: [], nextCursor: nil)) }
            search = parsed
        }
        let page = try await site.posts.publicPosts(after: cursor, limit: limit, tagSlug: tag, matching: search, now: now)
        return try await body(page, .summary, now: now, log: context.readLog)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let slug = try context.parameters.require("slug")
        let now = clock.now()
        // An author sees drafts and scheduled posts too, with their Markdown and status.
        let isAuthor = try await auth.isAuthor(request)
        let editable = isAuthor ? try await site.posts.editable(slug: slug, kind: .post) : nil
        let found = isAuthor ? editable?.entry : try await site.posts.publicPost(slug: slug, now: now)
        guard let post = found else {
            if let renamed = try await site.posts.renamedSlug(from: slug, publicAt: isAuthor ? nil : now) {
                return Response(status: .movedPermanently, headers: [.location: "/api/posts/\(renamed)"])
            }
            throw Problem.noPublishedPost(slug: slug)
        }
        let counts = try await site.comments.approvedCounts(postIDs: [post.post.id ?? 0], log: context.readLog)
        let json = PostJSON(post, isAuthor ? .author : .full, baseURL: baseURL, counts: counts, now: now)
        var response = try JSONBody(value: PostJSON.Body(post: json)).response(from: request, context: context)
        if let editable {
            // The author's copy is named by its version, for If-Match on the next PUT.
            PostVersionTag.tag(&response, postID: editable.post.id, version: editable.version)
        }
        return response
    }

    @Sendable func relatedPosts(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        let slug = try context.parameters.require("slug")
        let limit = try QueryLimit.parse(request.uri.queryParameters["limit"].map(String.init), range: 1...20, default: site.config.relatedPosts)
        let now = clock.now()
        guard let postID = try await site.posts.publicPostID(slug: slug, now: now) else {
            throw Problem.noPublishedPost(slug: slug)
        }
        let ranked = try await related.ranking(for: postID, limit: limit, now: now)
        let matches = try await related.matches(ranked, now: now)
        let counts = try await site.comments.approvedCounts(postIDs: ranked.map(\.id), log: context.readLog)
        var items = matches.map { PostJSON($0.entry, .summary, baseURL: baseURL, counts: counts, now: now) }
        for index in items.indices { items[index].score = matches[index].score }
        return JSONBody(value: RelatedBody(related: items))
    }

    /// A page of posts as `{"posts": [...], "next_cursor": …}`, each with its comment count.
    private func body(_ page: KeysetPage<PostWithTags>, _ detail: PostJSON.Detail, now: Date, log: ReadLog) async throws -> JSONBody<CursorPageBody<PostJSON>> {
        let site = try await self.site.current()
        let counts = try await site.comments.approvedCounts(postIDs: page.items.compactMap(\.post.id), log: log)
        let items = page.items.map { PostJSON($0, detail, baseURL: baseURL, counts: counts, now: now) }
        return JSONBody(value: CursorPageBody(itemsKey: "posts", items: items, nextCursor: page.next?.encoded))
    }
}
