import Foundation
import Hummingbird
import QuireCore

/// The author's moderation queue; every route needs a bearer token.
///
/// - `GET /api/comments?status=&limit=&cursor=`: comments of a status (default `pending`), newest first
/// - `GET /api/comments/{id}`, `PATCH /api/comments/{id}` with `{"status": …}`, `DELETE /api/comments/{id}`
struct ModerationAPIController<Context: PageCachingRequestContext>: Sendable {
    let site: LiveSite
    let auth: AuthorAuthentication

    private struct CommentBody: Encodable, Sendable {
        var comment: CommentJSON
    }

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/comments", method: .get, use: list)
        routes.on("/api/comments/:id", method: .get, use: show)
        routes.on("/api/comments/:id", method: .patch, use: update)
        routes.on("/api/comments/:id", method: .delete, use: delete)
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let query = request.uri.queryParameters
        let status = try query["status"].map { text -> CommentStatus in
            guard let status = CommentStatus(rawValue: String(text)) else {
                throw Problem(.badRequest, "status must be one of \(Self.statusNames).")
            }
            return status
        } ?? .pending
        let limit = try QueryLimit.parse(query["limit"].map(String.init))
        let cursor = try query["cursor"].map { try KeysetCursor.parse(String($0)) }
        let page = try await site.comments.comments(status: status, after: cursor, limit: limit, log: context.readLog)
        return JSONBody(value: CursorPageBody(itemsKey: "comments", items: page.items.map { CommentJSON(entry: $0, includesPrivateFields: true) }, nextCursor: page.next?.encoded))
    }

    @Sendable func show(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let id = try commentID(request, context)
        guard let entry = try await site.comments.comment(id: id, log: context.readLog) else { throw Problem.nothingHere(request.uri.path) }
        return JSONBody(value: CommentBody(comment: CommentJSON(entry: entry, includesPrivateFields: true)))
    }

    @Sendable func update(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        let id = try commentID(request, context)
        var fields = JSONFields(try await JSONRequestBody.read(request))
        let text = fields.string("status", required: true)
        try fields.validate()
        guard let status = text.flatMap(CommentStatus.init(rawValue:)) else {
            throw Problem(.unprocessableContent, "status must be one of \(Self.statusNames).", errors: ["status": "must be one of \(Self.statusNames)"])
        }
        let entry = try await site.comments.setStatus(id: id, to: status)
        return JSONBody(value: CommentBody(comment: CommentJSON(entry: entry, includesPrivateFields: true)))
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        try await auth.requireAuthor(request)
        try await site.comments.delete(id: try commentID(request, context))
        return Response(status: .noContent)
    }

    /// The comment id of the path; one that is not a positive whole number names no comment.
    private func commentID(_ request: Request, _ context: Context) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw Problem.nothingHere(request.uri.path) }
        return id
    }


    private static var statusNames: String { CommentStatus.allCases.map(\.rawValue).joined(separator: ", ") }
}
