import Hummingbird
import Logging
import QuireCore

/// Answers every error under `/admin` with an admin page that says what happened and what to
/// do; a 5xx is logged with the request's id. (A form with a wrong field never gets here: its
/// controller shows the form again, as typed, with the message beside the field.)
struct AdminErrorMiddleware<Context: AdminRequestContext>: RouterMiddleware {
    let site: LiveSite

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.isAdmin else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            let heading = switch error.status {
            case .notFound: "Not found"
            case .forbidden: "Not allowed"
            default: error.status.reasonPhrase
            }
            let text = (error as? HTTPError)?.body ?? "Nothing is at \(request.uri.path)."
            return try await site.current().adminViews.message(heading, text, context: context, status: error.status).response(from: request, context: context)
        } catch let refusal as MediaRefusal {
            // An upload over the limit, refused before the form was read.
            return try await site.current().adminViews.message("The file was not uploaded", refusal.description + " Go back to try another.", context: context, status: refusal.status)
                .response(from: request, context: context)
        } catch let error where StoreError.isTemporary(error) {
            // UnavailableMiddleware answers it.
            throw error
        } catch {
            context.logger.error("Admin request failed", metadata: ["error": "\(String(reflecting: error))", "http.path": "\(request.uri.path)"])
            return try await site.current().adminViews.message(
                "Something went wrong", "The server could not do this; the error has been logged. Nothing you sent was lost if you go back.",
                context: context, status: .internalServerError
            ).response(from: request, context: context)
        }
    }
}

extension Request {
    /// Whether the request is for the admin, whose answers are never cached or shared.
    var isAdmin: Bool {
        let path = uri.path
        return path == "/admin" || path.hasPrefix("/admin/")
    }
}
