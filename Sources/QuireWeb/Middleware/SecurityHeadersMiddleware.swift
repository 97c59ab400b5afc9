import HTTPTypes
import Hummingbird

/// Adds the headers every answer carries (docs/routes.md): no MIME sniffing, a Content-Security-Policy
/// that allows no script at all (the theme needs none), no framing, and a careful referrer.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String { SecurityHeaders.contentSecurityPolicy }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers.append(contentsOf: SecurityHeaders.fields)
        return response
    }
}

/// The fields themselves, made once: every answer appends the same ones.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'; img-src 'self' https: data:; style-src 'self'"

    static let fields: [HTTPField] = [
        HTTPField(name: .xContentTypeOptions, value: "nosniff"),
        HTTPField(name: .contentSecurityPolicy, value: contentSecurityPolicy),
        HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"),
        HTTPField(name: .xFrameOptions, value: "DENY"),
    ]
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
