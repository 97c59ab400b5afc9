import Hummingbird
import Logging
import QuireCore

/// Answers every error under `/api` with an `application/problem+json` body.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The API's routes, to tell a method a path does not take (405) from a path that is not there (404).
    let methods: APIMethodTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.isAPI else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error where StoreError.isTemporary(error) {
            // UnavailableMiddleware answers it.
            throw error
        } catch {
            return try problem(for: error, request: request, context: context).response(from: request, context: context)
        }
    }

    private func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case StoreError.notFound:
            return Problem.nothingHere(request.uri.path)
        case StoreError.conflict(let field):
            return Problem(.conflict, "That \(field) is already taken.", errors: [field: "is already taken"])
        case StoreError.invalid(let field, let message):
            return Problem(.unprocessableContent, "\(field) \(message).", errors: [field: message])
        case let refusal as MediaRefusal:
            return Problem(refusal.status, refusal.description, errors: ["file": refusal.description])
        case StoreError.outdated:
            return Problem(.preconditionFailed, "The post was saved by someone else since the version your If-Match names; read it again (GET gives its ETag) and apply your change to that.")
        case let error as any HTTPResponseError where error.status == .notFound:
            if let allow = methods.allowHeader(forPath: request.uri.path) {
                return Problem(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; use \(allow).", headers: [.allow: allow])
            }
            return Problem(.notFound, "No API route matches \(request.uri.path).")
        case let error as HTTPError where error.status.code < 500:
            return Problem(error.status, error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError where error.status.code < 500:
            return Problem(error.status, error.status.reasonPhrase)
        default:
            context.logger.error("API request failed", metadata: ["error": "\(String(reflecting: error))", "http.path": "\(request.uri.path)"])
            return Problem(.internalServerError, "Something went wrong on the server; it has been logged.")
        }
    }
}

extension Request {
    /// Whether the request is for the JSON API, whose errors are problems rather than pages.
    var isAPI: Bool {
        let path = uri.path
        return path == "/api" || path.hasPrefix("/api/")
    }
}
