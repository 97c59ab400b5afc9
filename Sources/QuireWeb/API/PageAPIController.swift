import Foundation
import Hummingbird
import QuireCore

/// Pages as JSON (docs/api.md, "Pages"). Reading is open (published pages; with a token every
/// page, with its Markdown and status); writing needs a token, with bodies and answers as for posts.
///
/// - `GET /api/pages`: `{"pages": [Page]}`, by title
/// - `GET /api/pages/{slug}`: `{"page": Page}`
/// - `POST /api/pages`: `title`, `body_markdown` required; `slug`, `status` (`draft` or
///   `published`, draft when left out) → 201, `Location`; a slug Quire's routes use → 422
/// - `PUT /api/pages/{slug}`: the same body; `If-Match` as for posts (412)
/// - `DELETE /api/pages/{slug}`: 204
struct PageAPIController<Context: RequestContext>: Sendable {
    let site: LiveSite
    let auth: AuthorAuthentication
    let baseURL: String
    let clock: WallClock

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/pages", method: .get, use: list)
        routes.on("/api/pages", method: .post, use: create)
        routes.on("/api/pages/:slug", method: .get, use: show)
        routes.on("/api/pages/:slug", method: .put, use: replace)
        routes.on("/api/pages/:slug", method: .delete, use: delete)
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        let now = clock.now()
        let isAuthor = try await auth.isAuthor(request)
        let pages = isAuthor ? try await site.posts.allPages() : try await site.posts.publicPages(now: now, bodies: true)
        return JSONBody(value: PageJSON.List(pages: pages.map { PageJSON($0, forAuthor: isAuthor, baseURL: baseURL, now: now) }))
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let slug = try context.parameters.require("slug")
        let now = clock.now()
        if try await auth.isAuthor(request) {
            let editable = try await page(slug: slug, request: request)
            return try answer(editable.post, version: editable.version, status: .ok, request: request, context: context)
        }
        guard let page = try await site.posts.publicPage(slug: slug, now: now) else { throw Problem.nothingHere(request.uri.path) }
        return try JSONBody(value: PageJSON.Body(page: PageJSON(page, forAuthor: false, baseURL: baseURL, now: now))).response(from: request, context: context)
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let draft = try Self.draft(from: try await JSONRequestBody.read(request), defaultStatus: .draft)
        let saved = try await site.posts.create(draft, now: clock.now())
        var response = try answer(saved.post, version: 1, status: .created, request: request, context: context)
        response.headers[.location] = "/api/pages/\(saved.post.slug)"
        return response
    }

    @Sendable func replace(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let slug = try context.parameters.require("slug")
        let body = try await JSONRequestBody.read(request)
        let existing = try await page(slug: slug, request: request)
        let draft = try Self.draft(from: body, defaultStatus: existing.post.status)
        let expected = PostVersionTag.expectedVersion(ifMatch: request.headers[.ifMatch], current: existing)
        let saved = try await site.posts.save(slug: slug, with: draft, now: clock.now(), expectedVersion: expected)
        return try answer(saved.post, version: saved.version, status: .ok, request: request, context: context)
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let slug = try context.parameters.require("slug")
        _ = try await page(slug: slug, request: request)
        try await site.posts.delete(slug: slug)
        return Response(status: .noContent)
    }

    /// The page of this slug, of any status; a post's slug is not a page's (404).
    private func page(slug: String, request: Request) async throws -> EditablePost {
        guard let found = try await site.current().posts.editable(slug: slug, kind: .page) else {
            throw Problem.nothingHere(request.uri.path)
        }
        return found
    }

    private func answer(_ page: Post, version: Int, status: HTTPResponse.Status, request: Request, context: Context) throws -> Response {
        let json = PageJSON(page, forAuthor: true, baseURL: baseURL, now: clock.now())
        var response = try JSONBody(value: PageJSON.Body(page: json), status: status).response(from: request, context: context)
        PostVersionTag.tag(&response, postID: page.id, version: version)
        return response
    }

    /// Reads a page body: `title` and `body_markdown` required, `slug` and `status` optional;
    /// every key type-checked.
    static func draft(from body: JSONValue, defaultStatus: PostStatus) throws -> PostDraft {
        var fields = JSONFields(body)
        let title = fields.string("title", required: true)
        let markdown = fields.string("body_markdown", required: true)
        let slug = fields.string("slug")
        let statusText = fields.string("status")
        let status = statusText.flatMap(PostStatus.init(rawValue:))
        if statusText != nil, status == nil || status == .scheduled { fields.reject("status", "must be draft or published") }
        try fields.validate()
        var draft = PostDraft(title: title ?? "", slug: slug, bodyMarkdown: markdown ?? "", status: status ?? defaultStatus, commentsOpen: false)
        draft.kind = .page
        return draft
    }
}
