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
            if case .publicAt(let path) = try await posts.oldAddress(OldAddress.pageKey(id), now: now) { return path }
            return nil
        }
        guard let id = query["p"].flatMap({ Int64($0) }) else { return nil }
        switch try await posts.oldAddress(OldAddress.postKey(id), now: now) {
        case .publicAt(let path): return path
        // A WordPress id whose post is not public: never someone else's post of that Quire id.
        case .notPublic: return nil
        case .unknown: return try await posts.publicPostOrPage(id: id, now: now)?.publicPath
        }
    }

    private func pathTarget(_ path: String) async throws -> String? {
        guard let key = OldAddress.key(path: path) else { return nil }
        if key == "/feed" { return "/feed.xml" }
        if key.hasPrefix("/category/") || key.hasPrefix("/tag/") { return Self.tagAddress(key) }
        if case .publicAt(let path) = try await site.current().posts.oldAddress(key, now: clock.now()) { return path }
        return nil
    }

    /// WordPress's archive of a category or tag (`/category/parent/child/`, with `/page/N/` or
    /// `/feed/` after it) as Quire's tag page: a category was imported as a tag of its own slug.
    static func tagAddress(_ key: String) -> String? {
        var segments = key.split(separator: "/").dropFirst()
        var page: Substring?
        var isFeed = false
        if segments.count >= 2, segments[segments.endIndex - 2] == "page" {
            page = segments.last
            segments = segments.dropLast(2)
        } else if segments.last == "feed" {
            isFeed = true
            segments = segments.dropLast()
        }
        // Only a slug and a page number go into the answer's Location.
        guard let tag = segments.last, Slug.isValid(String(tag)) else { return nil }
        if isFeed { return "/tags/\(tag)/feed.xml" }
        guard let page else { return "/tags/\(tag)" }
        return Int(page).map { "/tags/\(tag)?page=\($0)" }
    }

    private static func movedPermanently(to target: String) -> Response {
        Response(status: .movedPermanently, headers: [.location: target])
    }
}
