import Foundation
import Hummingbird
import Logging
import QuireCore

/// A post's comments as JSON, for anyone: `GET` lists the approved ones, `POST` adds one under
/// the same rules as the form (docs/site.comments.md, docs/api.md).
struct CommentAPIController<Context: PageCachingRequestContext & RemoteAddressRequestContext>: Sendable {
    let site: LiveSite
    let secret: SiteSecret
    let clock: WallClock
    let metrics: QuireMetrics

    private struct ListBody: Encodable, Sendable {
        var comments: [CommentJSON]
    }

    private struct CreatedBody: Encodable, Sendable {
        var comment: CommentJSON
        var status: CommentStatus
    }

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/posts/:slug/comments", method: .get, use: list)
        routes.on("/api/posts/:slug/comments", method: .post, use: create)
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        let post = try await publicPost(context)
        let approved = try await site.comments.approvedComments(postID: post.id ?? 0, log: context.readLog)
        let items = approved.map { CommentJSON(entry: CommentEntry(comment: $0, postSlug: post.slug), includesPrivateFields: false) }
        return JSONBody(value: ListBody(comments: items))
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let post = try await publicPost(context)
        var fields = JSONFields(try await JSONRequestBody.read(request))
        let name = fields.string("author_name", required: true)
        let email = fields.string("author_email", required: true)
        let url = fields.string("author_url")
        let body = fields.string("body", required: true)
        let parentID = fields.integer("parent_id")
        try fields.validate()
        let draft = CommentDraft(
            authorName: name ?? "",
            authorEmail: email ?? "",
            authorURL: url,
            body: body ?? "",
            parentID: parentID,
            clientHash: secret.clientHash(context.clientAddress),
            origin: .api,
            userAgent: request.headers[.userAgent] ?? ""
        )
        let outcome = try await site.comments.submit(draft, to: post, now: clock.now())
        metrics.record(outcome, origin: draft.origin)
        switch outcome {
        case .refused(let refusal):
            throw refusal.problem
        case .stored(let comment):
            let id = comment.id ?? 0
            context.logger.info("Comment received", metadata: ["post.slug": "\(post.slug)", "comment.id": "\(id)", "comment.status": "\(comment.status.rawValue)"])
            var response = try JSONBody(
                value: CreatedBody(comment: CommentJSON(entry: CommentEntry(comment: comment, postSlug: post.slug), includesPrivateFields: false), status: comment.status),
                status: .created
            ).response(from: request, context: context)
            response.headers[.location] = "/api/comments/\(id)"
            return response
        }
    }

    private func publicPost(_ context: Context) async throws -> Post {
        let site = try await self.site.current()
        let slug = try context.parameters.require("slug")
        guard let entry = try await site.posts.publicPost(slug: slug, now: clock.now()) else {
            throw Problem.noPublishedPost(slug: slug)
        }
        return entry.post
    }
}
