import Foundation
import Hummingbird
import QuireCore

/// Writing posts through the API; every route needs a bearer token.
///
/// - `POST /api/posts`: 201, `Location: /api/posts/{slug}`, `{"post": Post}`
/// - `PUT /api/posts/{slug}`: 200, `{"post": Post}`; a new slug keeps the old URL as a 301;
///   with `If-Match` naming a version (`PostVersionTag`) that is no longer the post's: 412
/// - `DELETE /api/posts/{slug}`: 204
struct AuthoringAPIController<Context: RequestContext>: Sendable {
    let site: LiveSite
    let auth: AuthorAuthentication
    /// The site's `base_url`, for the posts' absolute `url`.
    let baseURL: String
    let clock: WallClock

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/posts", method: .post, use: create)
        routes.on("/api/posts/:slug", method: .put, use: replace)
        routes.on("/api/posts/:slug", method: .delete, use: delete)
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let draft = try Self.draft(from: try await JSONRequestBody.read(request), defaultStatus: .draft)
        let now = clock.now()
        let saved = try await site.posts.create(draft, now: now)
        var response = try answer(saved, version: 1, status: .created, now: now, request: request, context: context)
        response.headers[.location] = "/api/posts/\(saved.post.slug)"
        return response
    }

    @Sendable func replace(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let slug = try context.parameters.require("slug")
        let body = try await JSONRequestBody.read(request)
        guard let existing = try await site.posts.editable(slug: slug, kind: .post) else { throw Problem.nothingHere(request.uri.path) }
        let draft = try Self.draft(from: body, defaultStatus: existing.post.status)
        let expected = PostVersionTag.expectedVersion(ifMatch: request.headers[.ifMatch], current: existing)
        let now = clock.now()
        let saved = try await site.posts.save(slug: slug, with: draft, now: now, expectedVersion: expected)
        return try answer(saved.entry, version: saved.version, status: .ok, now: now, request: request, context: context)
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let slug = try context.parameters.require("slug")
        guard try await site.posts.editable(slug: slug, kind: .post) != nil else { throw Problem.nothingHere(request.uri.path) }
        try await site.posts.delete(slug: slug)
        return Response(status: .noContent)
    }

    /// The saved post, tagged with the version the save made.
    private func answer(_ saved: PostWithTags, version: Int, status: HTTPResponse.Status, now: Date, request: Request, context: Context) throws -> Response {
        let post = PostJSON(saved, .author, baseURL: baseURL, counts: [:], now: now)
        var response = try JSONBody(value: PostJSON.Body(post: post), status: status).response(from: request, context: context)
        PostVersionTag.tag(&response, postID: saved.post.id, version: version)
        return response
    }

    /// Reads a post body (docs/api.md): `title` and `body_markdown` required; every key type-checked.
    /// Without `status`, a new post is a draft (as in WordPress and Ghost) and a replaced one
    /// keeps its status.
    static func draft(from body: JSONValue, defaultStatus: PostStatus) throws -> PostDraft {
        var fields = JSONFields(body)
        let title = fields.string("title", required: true)
        let markdown = fields.string("body_markdown", required: true)
        let slug = fields.string("slug")
        let excerpt = fields.string("excerpt")
        let tags = fields.strings("tags") ?? []
        let statusText = fields.string("status")
        let status = statusText.flatMap(PostStatus.init(rawValue:))
        if statusText != nil, status == nil { fields.reject("status", "must be one of draft, published, scheduled") }
        let publishedAt = fields.date("published_at")
        let commentsOpen = fields.bool("comments_open") ?? true
        var image: FeaturedImage?
        if var imageFields = fields.object("featured_image") {
            let url = imageFields.string("url", required: true)
            let alt = imageFields.string("alt") ?? ""
            let caption = imageFields.string("caption")
            for (key, message) in imageFields.errors { fields.reject("featured_image.\(key)", message) }
            image = url.map { FeaturedImage(url: $0, alt: alt, caption: caption) }
        }
        try fields.validate()
        return PostDraft(
            title: title ?? "",
            slug: slug,
            bodyMarkdown: markdown ?? "",
            excerpt: excerpt,
            tags: tags,
            status: status ?? defaultStatus,
            publishedAt: publishedAt,
            featuredImage: image,
            commentsOpen: commentsOpen
        )
    }
}
