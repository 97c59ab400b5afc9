import HTTPTypes
import Hummingbird
import NIOCore
import QuireCore

/// Answers an anonymous GET from the `PageCache` when the same URL was rendered since the last
/// write that changed it; otherwise renders it (once, however many ask at the same moment) and
/// keeps a `200` answer, with what it read, for the next reader (docs/freshness.md).
///
/// Requests with `Authorization` (an author sees drafts), `uncachedPaths` and the admin's (never
/// shared) always go through. Media files are kept here too: a
/// deleted image must stop being served, by this process and every other one. A URL asked for
/// as ActivityStreams is kept under a key of its own.
struct ResponseCacheMiddleware<Context: PageCachingRequestContext>: RouterMiddleware {
    let cache: PageCache<CachedResponse>
    let clock: WallClock

    /// Answers that read what no change counter watches: `/healthz` must ask the database each
    /// time; the followers' count and NodeInfo's user count change with no write to content.
    static var uncachedPaths: Set<String> { ["/healthz", "/activitypub/followers", "/nodeinfo/2.1"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, request.headers[.authorization] == nil, !Self.uncachedPaths.contains(request.uri.path), !request.isAdmin else {
            return try await next(request, context)
        }
        // A page and its ActivityStreams document share a URL (SPEC §10); each is kept apart.
        let key = (request.wantsActivityStreams ? "activity " : "") + request.uri.description
        let view = try await cache.refresh(now: clock.now())
        if let entry = cache.entry(for: key, view: view) {
            context.responseNotes.cacheStatus = .hit
            return entry.value.response
        }
        context.responseNotes.cacheStatus = .miss
        if case .rendered(let entry?) = await cache.join(key, view: view) {
            return entry.value.response
        }
        do {
            var response = try await next(request, context)
            guard response.status == .ok else {
                cache.finish(key, view: view, entry: nil)
                return response
            }
            let body = try await BodyCollector.bytes(of: response.body)
            response.body = .init(byteBuffer: body)
            let cached = CachedResponse(status: response.status, headers: response.headers, body: body)
            cache.finish(key, view: view, entry: .init(value: cached, size: body.readableBytes, reads: context.readLog.reads))
            return response
        } catch {
            cache.finish(key, view: view, entry: nil)
            throw error
        }
    }
}

/// A whole answer as the page cache keeps it.
struct CachedResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    var response: Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
