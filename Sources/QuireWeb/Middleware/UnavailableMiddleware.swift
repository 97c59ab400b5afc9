import Hummingbird
import Logging
import QuireCore

/// Answers every request that met a temporary store error (`StoreError.isTemporary`: PostgreSQL
/// out of reach, SQLite busy, read-only or its disk full), from any middleware or route: 503 with
/// `Retry-After`, as a problem under `/api` and a page elsewhere. The one place that rule lives; the error middlewares inside pass it out here.
/// Outermost but for the security headers, so that the response cache's own reads are covered.
struct UnavailableMiddleware<Context: RequestContext>: RouterMiddleware {
    let site: LiveSite

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error where StoreError.isTemporary(error) {
            context.logger.warning("The database can't serve this just now; answered 503", metadata: ["http.path": "\(request.uri.path)", "error": "\(error)"])
            var response = if request.isAPI {
                try Problem(.serviceUnavailable, Unavailable.message).response(from: request, context: context)
            } else {
                try await site.current().views.errorPage(status: .serviceUnavailable, message: Unavailable.message).response(from: request, context: context)
            }
            response.headers.append(contentsOf: Unavailable.headers)
            return response
        }
    }
}
