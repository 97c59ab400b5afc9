import Hummingbird
import Logging
import QuireCore

/// Answers every error outside `/api` and `/admin` with an HTML page: the 404 page, or a page
/// naming the problem.
struct HTMLErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let site: LiveSite

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !request.isAPI, !request.isAdmin else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            let views = try await site.current().views
            let page = try error.status == .notFound
                ? views.notFoundPage(path: request.uri.path)
                : views.errorPage(status: error.status, message: (error as? HTTPError)?.body)
            var response = page.response(from: request, context: context)
            for field in (error as? HTTPError)?.headers ?? [:] where field.name != .contentType {
                response.headers.append(field)
            }
            return response
        } catch let error where StoreError.isTemporary(error) {
            // UnavailableMiddleware answers it.
            throw error
        } catch {
            context.logger.error("Page request failed", metadata: ["error": "\(String(reflecting: error))", "http.path": "\(request.uri.path)"])
            return try await site.current().views.errorPage(status: .internalServerError, message: nil).response(from: request, context: context)
        }
    }
}
