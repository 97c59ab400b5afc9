import Foundation
import Hummingbird
import QuireCore

/// The signed-in user's own account.
///
/// - `GET /admin/account`: who they are, the password form, their sessions
/// - `POST /admin/account/password` (`current_password`, `password`, `password_confirm`): every
///   session ends, and this browser gets a new one
/// - `POST /admin/account/sessions/{id}/end`, `POST /admin/account/sessions/end-others`
struct AdminAccountController<Context: AdminRequestContext & RemoteAddressRequestContext>: Sendable {
    let auth: AdminAuthentication
    let site: LiveSite
    let clock: WallClock

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/account", use: show)
        group.post("/account/password", use: changePassword)
        group.post("/account/sessions/end-others", use: endOthers)
        group.post("/account/sessions/:id/end", use: end)
    }

    struct Screen: Sendable {
        var name: String
        var email: String
        var role: String
        var sessions: [SessionRow]
        var hasOtherSessions: Bool
        var errors: [String: String]
    }

    struct SessionRow: Sendable {
        var id: Int64
        var browser: String
        var started: String
        var lastUsed: String
        var isThisBrowser: Bool
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let notice: String? = switch request.uri.queryParameters["done"].map(String.init) {
        case "password": "Password changed. Every other browser has been signed out."
        case "ended": "Session ended."
        default: nil
        }
        return try await screen(errors: [:], notice: notice, request: request, context: context)
    }

    @Sendable func changePassword(request: Request, context: Context) async throws -> Response {
        let user = try context.user()
        let form = context.form
        let password = form.text("password").value
        var errors: [String: String] = [:]
        let now = clock.now()
        let keys = auth.throttleKeys(email: user.email, context: context)
        if try await auth.throttle.attempt(keys: keys, now: now) != nil {
            errors["current_password"] = "Too many wrong passwords. Wait a few minutes, then try again."
        } else if await !auth.passwords.verify(form.text("current_password").value, hash: user.passwordHash) {
            errors["current_password"] = "This is not your current password."
        } else {
            try await auth.throttle.clear(keys: keys)
        }
        errors.merge(AdminAuthentication.newPasswordProblems(in: form)) { first, _ in first }
        guard errors.isEmpty else {
            return try await screen(errors: errors, status: .unprocessableContent, request: request, context: context)
        }
        // Every session of the user ends with the old password; this browser gets a new one.
        try await auth.users.changePassword(hash: await auth.passwords.hash(password), userID: user.id ?? 0)
        return try await auth.startSession(userID: user.id ?? 0, replacing: nil, request: request, redirectTo: "/admin/account?done=password", now: now)
    }

    @Sendable func end(request: Request, context: Context) async throws -> Response {
        let signedIn = try signedIn(context)
        let id = try context.id()
        try await auth.sessions.end(sessionID: id, userID: signedIn.userID)
        guard id != signedIn.sessionID else {
            var response = Response.seeOther("/admin/login?signed-out")
            response.setCookie(auth.cookie.clearing())
            return response
        }
        return Response.seeOther("/admin/account?done=ended")
    }

    @Sendable func endOthers(request: Request, context: Context) async throws -> Response {
        let signedIn = try signedIn(context)
        try await auth.sessions.endOthers(userID: signedIn.userID, keeping: signedIn.sessionID)
        return Response.seeOther("/admin/account?done=ended")
    }

    private func signedIn(_ context: Context) throws -> SignedIn {
        guard let signedIn = context.signedIn else { throw HTTPError(.forbidden) }
        return signedIn
    }

    private func screen(errors: [String: String], notice: String? = nil, status: HTTPResponse.Status = .ok, request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let signedIn = try signedIn(context)
        let rows = try await auth.sessions.sessions(userID: signedIn.userID, now: clock.now()).map { session in
            SessionRow(
                id: session.id, browser: session.userAgent.isEmpty ? "Unknown browser" : String(session.userAgent.prefix(120)),
                started: site.adminViews.dates.display(session.createdAt), lastUsed: site.adminViews.dates.display(session.lastUsedAt),
                isThisBrowser: session.id == signedIn.sessionID
            )
        }
        let screen = Screen(
            name: signedIn.user.name, email: signedIn.user.email, role: signedIn.user.role.rawValue, sessions: rows,
            hasOtherSessions: rows.count > 1, errors: errors
        )
        return try await site.adminViews.page(
            "account", title: "Your account", screen: screen, context: context, section: "/admin/account", notice: notice,
            error: errors.isEmpty ? nil : "Your password was not changed: see the fields marked below.", status: status
        ).response(from: request, context: context)
    }
}
