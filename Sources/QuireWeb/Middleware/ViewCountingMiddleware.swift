import Hummingbird
import QuireCore

/// Counts a view of each public page a person reads (docs/admin.md, "Stats"): a `GET` answered
/// `200` with HTML, outside the admin, from a browser that is neither an obvious program nor
/// signed in. It sits outside the page cache, so cached answers count too, at the cost of one
/// lock; nothing is stored about the reader.
struct ViewCountingMiddleware<Context: RequestContext>: RouterMiddleware {
    let counter: ViewCounter
    let clock: WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if request.method == .get, response.status == .ok, !request.isAdmin,
            response.headers[.contentType]?.hasPrefix("text/html") == true,
            request.cookies[AdminCookie.name] == nil, request.headers[.authorization] == nil,
            !Visitor.isProgram(userAgent: request.headers[.userAgent])
        {
            counter.count(path: request.uri.path, at: clock.now())
        }
        return response
    }
}
