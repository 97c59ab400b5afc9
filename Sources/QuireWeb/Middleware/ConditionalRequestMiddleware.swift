import Foundation
import HTTPTypes
import Hummingbird

/// Answers a GET or HEAD with `304 Not Modified` when the client already holds the current
/// version: its `If-None-Match` names the answer's `ETag` (or, without one, its
/// `If-Modified-Since` is no older than `Last-Modified`). Answers are computed from the database
/// on every request, so their ETag changes with the first write that changes them.
struct ConditionalRequestMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        guard request.method == .get || request.method == .head, response.status == .ok else { return response }
        guard Self.isNotModified(request.headers, response.headers) else { return response }
        var headers: HTTPFields = [:]
        for name in [HTTPField.Name.eTag, .lastModified, .cacheControl, .vary] {
            if let value = response.headers[name] { headers[name] = value }
        }
        return Response(status: .notModified, headers: headers)
    }

    static func isNotModified(_ request: HTTPFields, _ response: HTTPFields) -> Bool {
        if let candidates = request[.ifNoneMatch] {
            guard let etag = response[.eTag] else { return false }
            return candidates.split(separator: ",").contains { candidate in
                let tag = candidate.trimmingCharacters(in: .whitespaces)
                return tag == "*" || tag == etag || tag == "W/" + etag
            }
        }
        if let since = request[.ifModifiedSince].flatMap(HTTPDate.parse),
            let modified = response[.lastModified].flatMap(HTTPDate.parse)
        {
            return modified <= since
        }
        return false
    }
}
