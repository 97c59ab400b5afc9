import HTTPTypes
import Hummingbird

/// Adds the headers every answer carries (docs/routes.md): no MIME sniffing, a Content-Security-Policy
/// that allows no script at all (the theme needs none), no framing, and a careful referrer. Admin
/// answers may load the admin's own script (never inline) and are never stored by any cache.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String { SecurityHeaders.contentSecurityPolicy }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if request.isAdmin {
            response.headers.append(contentsOf: SecurityHeaders.adminFields)
            response.headers[.cacheControl] = "no-store"
        } else {
            response.headers.append(contentsOf: SecurityHeaders.fields)
        }
        return response
    }
}

/// The fields themselves, made once: every answer appends the same ones.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'; img-src 'self' https: data:; style-src 'self'"

    /// The admin's: script from this site only, never inline.
    static let adminContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'; img-src 'self' https: data:; style-src 'self'"

    static let fields = fields(policy: contentSecurityPolicy)
    static let adminFields = fields(policy: adminContentSecurityPolicy)

    private static func fields(policy: String) -> [HTTPField] {
        [
            HTTPField(name: .xContentTypeOptions, value: "nosniff"),
            HTTPField(name: .contentSecurityPolicy, value: policy),
            HTTPField(name: .referrerPolicy, value: "strict-origin-when-cross-origin"),
            HTTPField(name: .xFrameOptions, value: "DENY"),
        ]
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
