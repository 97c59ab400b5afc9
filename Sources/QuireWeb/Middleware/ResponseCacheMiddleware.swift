import Foundation
import HTTPTypes
import Hummingbird
import QuireCore

/// Answers an anonymous GET from `ResponseCache` when the same URL was rendered since the last
/// write; otherwise renders it (once, however many ask at the same moment) and keeps a `200`
/// answer for the next reader.
///
/// Requests with `Authorization` (an author sees drafts) and `/healthz` (which must ask the
/// database) always go through.
struct ResponseCacheMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: ResponseCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, request.headers[.authorization] == nil, request.uri.path != "/healthz" else {
            return try await next(request, context)
        }
        let key = request.uri.description
        let view = try await cache.refresh(now: Date())
        if let entry = cache.entry(for: key, view: view) {
            return Self.response(entry)
        }
        if case .rendered(let entry?) = await cache.join(key, view: view) {
            return Self.response(entry)
        }
        do {
            // Which posts' comments the answer shows decides which comment writes drop it.
            let reads = CommentReads()
            var response = try await CommentReads.$current.withValue(reads) { try await next(request, context) }
            guard response.status == .ok else {
                cache.finish(key, view: view, entry: nil)
                return response
            }
            let body = try await BodyCollector.bytes(of: response.body)
            response.body = .init(byteBuffer: body)
            cache.finish(key, view: view, entry: .init(status: response.status, headers: response.headers, body: body, commentReads: reads.reads))
            return response
        } catch {
            cache.finish(key, view: view, entry: nil)
            throw error
        }
    }

    private static func response(_ entry: ResponseCache.Entry) -> Response {
        Response(status: entry.status, headers: entry.headers, body: .init(byteBuffer: entry.body))
    }
}
