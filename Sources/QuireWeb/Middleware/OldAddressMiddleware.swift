import Foundation
import Hummingbird
import QuireCore

/// Keeps a moved blog's links working (docs/wordpress.md): `/?p=ID` and `/?page_id=ID`, a
/// permalink recorded at import (`/2024/05/01/slug/`), WordPress's `/feed/`, `/category/x/` and
/// `/tag/x/` answer 301 to the address that now stands for them. Paths are looked up only when
/// nothing else answered them (a 404), so no other route pays for it.
struct OldAddressMiddleware<Context: RequestContext>: RouterMiddleware {
    let site: LiveSite
    let clock: WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, !request.isAdmin, !request.isAPI else {
            return try await next(request, context)
        }
        if request.uri.path == "/", let target = try await queryTarget(request) {
            return Self.movedPermanently(to: target)
        }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            guard let target = try await pathTarget(request.uri.path) else { throw error }
            return Self.movedPermanently(to: target)
        }
    }

    /// `/?p=ID` (a WordPress id, else a Quire id, as feed entries' ids name them) and `/?page_id=ID`.
    private func queryTarget(_ request: Request) async throws -> String? {
        let query = request.uri.queryParameters
        let posts = try await site.current().posts
        let now = clock.now()
        if let id = query["page_id"].flatMap({ Int64($0) }) {
            return try await posts.post(oldAddress: OldAddress.pageKey(id), now: now)?.publicPath
        }
        guard let id = query["p"].flatMap({ Int64($0) }) else { return nil }
        if let moved = try await posts.post(oldAddress: OldAddress.postKey(id), now: now) { return moved.publicPath }
        return try await posts.publicPostOrPage(id: id, now: now)?.publicPath
    }

    private func pathTarget(_ path: String) async throws -> String? {
        guard let key = OldAddress.key(path: path) else { return nil }
        if key == "/feed" { return "/feed.xml" }
        for prefix in ["/category/", "/tag/"] where key.hasPrefix(prefix) {
            // A nested category (/category/parent/child/) was imported as a tag of its last part.
            return key.split(separator: "/").last.map { "/tags/\($0)" }
        }
        return try await site.current().posts.post(oldAddress: key, now: clock.now())?.publicPath
    }

    private static func movedPermanently(to target: String) -> Response {
        Response(status: .movedPermanently, headers: [.location: target])
    }
}
