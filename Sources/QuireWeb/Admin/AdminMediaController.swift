import Foundation
import Hummingbird
import QuireCore

/// The media library. Signed in; an author sees and changes only the images they uploaded, an
/// admin every image.
///
/// - `GET /admin/media?after=`: an upload form and the images, newest first, 24 at a time
/// - `POST /admin/media` (multipart: `file`, `alt`): upload; a refused file answers 413, 415 or
///   422 with the message beside the file field and the alt text kept, and so does 503 while the
///   database takes no writes
/// - `POST /admin/media/{id}` (`alt`): change the alt text
/// - `POST /admin/media/{id}/delete`
struct AdminMediaController<Context: AdminRequestContext>: Sendable {
    let site: LiveSite
    let media: any MediaStore
    let clock: WallClock
    static var perPage: Int { 24 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/media", use: list)
        group.post("/media", use: upload)
        group.post("/media/:id", use: changeAlt)
        group.post("/media/:id/delete", use: delete)
    }

    struct Screen: Sendable {
        var items: [AdminMediaItem]
        var hasItems: Bool
        var alt: String
        var problem: String?
        var maxUploadMB: Int
        var nextURL: String?
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        _ = try context.user()
        let query = request.uri.queryParameters
        let notice = query["uploaded"] != nil ? "Image uploaded."
            : query["again"] != nil ? "That image is already in the library (the same file); its alt text is as it was."
            : query["deleted"] != nil ? "Image deleted." : query["saved"] != nil ? "Alt text saved." : nil
        return try await screen(alt: "", problem: nil, notice: notice, request: request, context: context)
    }

    @Sendable func upload(request: Request, context: Context) async throws -> Response {
        let user = try context.user()
        let alt = context.form.text("alt").value
        guard let file = context.form.files["file"] else {
            return try await screen(alt: alt, problem: "Choose an image file to upload.", status: .unprocessableContent, request: request, context: context)
        }
        do {
            let added = try await media.add(bytes: file.bytes, alt: alt, ownerID: user.id, seesAll: user.role == .admin, now: clock.now())
            return Response.seeOther(added.isNew ? "/admin/media?uploaded=\(added.media.id)" : "/admin/media?again=\(added.media.id)#media-\(added.media.id)")
        } catch let refusal as MediaRefusal {
            return try await screen(alt: alt, problem: refusal.description, status: refusal.status, request: request, context: context)
        } catch StoreError.invalid(_, let message) {
            return try await screen(alt: alt, problem: "The alt text \(message).", status: .unprocessableContent, request: request, context: context)
        } catch let error where StoreError.isTemporary(error) {
            return try await Unavailable.keptForm(screen(alt: alt, problem: Unavailable.formKept, status: .serviceUnavailable, request: request, context: context))
        }
    }

    @Sendable func changeAlt(request: Request, context: Context) async throws -> Response {
        let found = try await owned(context)
        do {
            _ = try await media.setAlt(id: found.id, alt: context.form.text("alt").value)
        } catch StoreError.invalid(_, let message) {
            throw HTTPError(.unprocessableContent, message: "The alt text \(message). Go back and shorten it.")
        }
        return Response.seeOther("/admin/media?saved")
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let found = try await owned(context)
        try await media.delete(id: found.id)
        return Response.seeOther("/admin/media?deleted")
    }

    /// The media of the route's id, if the user may change it; 404 otherwise.
    private func owned(_ context: Context) async throws -> Media {
        let user = try context.user()
        guard let found = try await media.media(id: try context.id()), user.mayChange(ownedBy: found.ownerID) else {
            throw HTTPError(.notFound, message: "There is no such image, or it is not yours.")
        }
        return found
    }

    private func screen(alt: String, problem: String?, notice: String? = nil, status: HTTPResponse.Status = .ok, request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.user()
        let cursor = request.uri.queryParameters["after"].flatMap { KeysetCursor(encoded: String($0)) }
        let page = try await media.page(after: cursor, limit: Self.perPage, ownerID: user.listsOwnerID)
        let items = page.items.map { AdminMediaItem($0, dates: site.adminViews.dates) }
        let screen = Screen(
            items: items, hasItems: !items.isEmpty, alt: alt, problem: problem, maxUploadMB: media.rules.maxBytes / 1_048_576,
            nextURL: page.next.map { "/admin/media?after=\($0.encoded)" }
        )
        return try await site.adminViews.page("media", title: "Media", screen: screen, context: context, section: "/admin/media", notice: notice, error: problem == nil ? nil : "The image was not uploaded.", status: status)
            .response(from: request, context: context)
    }
}

/// One image as the media library and the post editor's picker show it.
struct AdminMediaItem: Sendable {
    var id: Int64
    var url: String
    /// The smallest file, for the thumbnail.
    var thumbnailURL: String
    var thumbnailWidth: Int
    var thumbnailHeight: Int
    var alt: String
    var markdown: String
    var details: String

    init(_ media: Media, dates: AdminDates) {
        id = media.id
        url = media.url
        let smallest = media.sizes.filter { $0.format == media.format }.last
        thumbnailURL = smallest?.url ?? media.url
        thumbnailWidth = smallest?.width ?? media.width
        thumbnailHeight = smallest?.height ?? media.height
        alt = media.alt
        markdown = media.markdown()
        details = "\(media.width) × \(media.height), \(media.format.fileExtension.uppercased()), \(Self.size(media.bytes)), \(dates.display(media.createdAt))"
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, bytes / 1024)) KB"
    }
}
