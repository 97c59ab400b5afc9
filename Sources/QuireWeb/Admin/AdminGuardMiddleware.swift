import Foundation
import Hummingbird
import QuireCore

/// Stands before every admin route: finds the signed-in user from the session cookie, sends
/// a visitor who isn't signed in to the sign-in page, and lets a `POST` through only with a
/// matching `Origin` and `csrf_token` (403 otherwise, before anything is read or changed).
/// The form of a `POST` is read here, once, into `context.adminForm`.
struct AdminGuardMiddleware<Context: AdminRequestContext>: RouterMiddleware {
    enum Access: Sendable {
        /// Sign-in and welcome forms: open to all, their tokens not bound to a session.
        case signingIn
        /// Everything else: a signed-in user, and tokens bound to their session.
        case signedIn
    }

    let access: Access
    let sessions: any SessionStore
    let formTokens: FormTokens
    let origins: OriginCheck
    /// The largest image a signed-in user may upload (`media.max_upload_mb`).
    let maxUploadBytes: Int
    let clock: WallClock

    /// The largest admin form without a file taken (a long post's Markdown and its fields).
    static var maxFormSize: Int { 4 * 1024 * 1024 }
    /// What the sign-in forms' tokens are signed for.
    static var signInPurpose: String { "admin-sign-in" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let now = clock.now()
        if let token = AdminCookie.token(in: request) {
            context.browserSession = try await sessions.signedIn(token: token, now: now)
        }
        if access == .signedIn { context.signedIn = context.browserSession }
        if access == .signedIn, context.signedIn == nil {
            guard request.method == .get || request.method == .head else {
                throw HTTPError(.forbidden, message: "Your session has ended. Sign in again, then repeat what you were doing.")
            }
            return Response(status: .seeOther, headers: [.location: "/admin/login?next=\(Self.percentEncoded(request.uri.path))"])
        }
        if request.method == .post {
            guard origins.allows(request) else {
                throw HTTPError(.forbidden, message: "This form was sent from another site, or by a browser that did not say where from; nothing was changed.")
            }
            let form = access == .signedIn && Self.isMultipart(request)
                // The post editor's: its text, a featured image and an image for the text.
                ? try await UploadForm.read(request, maxFileBytes: maxUploadBytes, files: 2, fieldBytes: Self.maxFormSize)
                : try await Self.readForm(request)
            let token = form.text("csrf_token").value
            let valid = switch access {
            case .signingIn: formTokens.isValid(token, purpose: Self.signInPurpose, now: now)
            case .signedIn: context.signedIn.map { formTokens.isValid(token, session: $0) } ?? false
            }
            guard valid else {
                throw HTTPError(.forbidden, message: "This form has expired or did not come from this admin; nothing was changed. Go back, reload the page and send it again.")
            }
            context.adminForm = form
        }
        return try await next(request, context)
    }

    static func readForm(_ request: Request) async throws -> FormFields {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxFormSize {
            throw HTTPError(.contentTooLarge, message: "An admin form can be at most 4 MiB.")
        }
        let body = try await request.body.collect(upTo: maxFormSize)
        do {
            return try FormFields.parse(Array(buffer: body), contentType: request.headers[.contentType])
        } catch .unsupportedMediaType {
            throw HTTPError(.unsupportedMediaType, message: "Admin forms are sent as application/x-www-form-urlencoded or multipart/form-data.")
        } catch .malformed(let problem) {
            throw HTTPError(.badRequest, message: "The form could not be read: \(problem).")
        }
    }

    /// Whether a form may carry a file: only a signed-in user's are read up to the upload limit.
    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    static func percentEncoded(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "&=?#"))) ?? "/admin"
    }
}
