import Foundation
import Hummingbird
import QuireCore

/// What signing in and changing a password share: the stores, the hasher, the throttle, the
/// cookie, and the rules each applies in one place (docs/admin.md).
struct AdminAuthentication: Sendable {
    let users: any UserStore
    let sessions: any SessionStore
    let passwords: PasswordHasher
    let throttle: SignInThrottle
    let secret: SiteSecret
    let cookie: AdminCookie

    /// The throttle's rows for an attempt on `email` from this client.
    func throttleKeys(email: String, context: some RemoteAddressRequestContext) -> [String] {
        throttle.keys(email: email, clientHash: secret.clientHash(context.clientAddress))
    }

    /// What is wrong with a new password typed twice (`password`, `password_confirm`), by field.
    static func newPasswordProblems(in form: FormFields) -> [String: String] {
        let password = form.text("password").value
        if let problem = PasswordHasher.problem(with: password) {
            return ["password": "The password \(problem)."]
        }
        if form.text("password_confirm").value != password {
            return ["password_confirm": "The two passwords are not the same."]
        }
        return [:]
    }

    /// A new session for the user, set as this browser's cookie, and on to `next`; the session
    /// the browser had, if any, ends (the id changes at every sign-in).
    func startSession(userID: Int64, replacing old: SignedIn?, request: Request, redirectTo next: String, now: Date) async throws -> Response {
        if let old { try await sessions.end(sessionID: old.sessionID, userID: old.userID) }
        let token = try await sessions.start(userID: userID, userAgent: request.headers[.userAgent] ?? "", now: now)
        var response = Response.seeOther(next)
        response.setCookie(cookie.setting(token))
        return response
    }
}
