import Foundation
import Hummingbird
import Logging
import QuireCore

/// Media through the API; every route needs a bearer token (docs/api.md, "Media").
///
/// - `POST /api/media`: multipart, fields `file` and `alt` → 201, `Location`, `{"media": Media}`;
///   the same bytes again → 200 with the media made of them the first time
/// - `GET /api/media?cursor=&limit=`: `{"media": [Media], "next_cursor"}`, newest first
/// - `DELETE /api/media/{id}`: 204
struct MediaAPIController<Context: RequestContext>: Sendable {
    let media: any MediaStore
    let auth: AuthorAuthentication
    let baseURL: String
    let clock: WallClock

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/media", method: .post, use: upload)
        routes.on("/api/media", method: .get, use: list)
        routes.on("/api/media/:id", method: .get, use: show)
        routes.on("/api/media/:id", method: .delete, use: delete)
    }

    @Sendable func upload(request: Request, context: Context) async throws -> Response {
        try await auth.requireAuthor(request)
        let form = try await UploadForm.read(request, maxFileBytes: media.rules.maxBytes)
        guard let file = form.files["file"] else {
            throw Problem(.unprocessableContent, "Send the image in a multipart field named file.", errors: ["file": "is required"])
        }
        let alt = form.text("alt")
        guard alt.isValid else { throw Problem(.unprocessableContent, "alt is not valid UTF-8.", errors: ["alt": "must be valid UTF-8"]) }
        let added = try await media.add(bytes: file.bytes, alt: alt.value, ownerID: nil, now: clock.now())
        let id = added.media.id
        context.logger.info("Media uploaded", metadata: ["media.id": "\(id)", "media.new": "\(added.isNew)"])
        var response = try JSONBody(value: MediaJSON.Body(media: MediaJSON(added.media, baseURL: baseURL)), status: added.isNew ? .created : .ok)
            .response(from: request, context: context)
        response.headers[.location] = "/api/media/\(id)"
        return response
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        try await auth.requireAuthor(request)
        let query = request.uri.queryParameters
        let limit = try QueryLimit.parse(query["limit"].map(String.init))
        let cursor = try query["cursor"].map { try KeysetCursor.parse(String($0)) }
        let page = try await media.page(after: cursor, limit: limit)
        return JSONBody(value: CursorPageBody(itemsKey: "media", items: page.items.map { MediaJSON($0, baseURL: baseURL) }, nextCursor: page.next?.encoded))
    }

    @Sendable func show(request: Request, context: Context) async throws -> some ResponseGenerator {
        try await auth.requireAuthor(request)
        guard let found = try await media.media(id: try Self.id(context)) else { throw Problem.nothingHere(request.uri.path) }
        return JSONBody(value: MediaJSON.Body(media: MediaJSON(found, baseURL: baseURL)))
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        try await auth.requireAuthor(request)
        try await media.delete(id: try Self.id(context))
        return Response(status: .noContent)
    }

    private static func id(_ context: Context) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw StoreError.notFound }
        return id
    }
}
