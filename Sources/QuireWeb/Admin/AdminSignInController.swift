import Foundation
import HTTPTypes
import Hummingbird
import QuireCore

/// Signing in and out of the admin (docs/admin.md).
///
/// Open to everyone (`AdminGuardMiddleware`, `.signingIn`):
/// - `GET /admin/login`, `POST /admin/login` (`email`, `password`): 303 to the admin with a new
///   session; 401 and the form again for a wrong pair; 429 while the throttle says wait
/// - `GET /admin/welcome?token=`, `POST /admin/welcome` (`token`, `password`,
///   `password_confirm`): a one-time link's password form; 404 for a used or expired link
///
/// Signed in (`.signedIn`): `POST /admin/logout`: ends the session, 303 to the sign-in page.
struct AdminSignInController<Context: AdminRequestContext & RemoteAddressRequestContext>: Sendable {
    let auth: AdminAuthentication
    let site: LiveSite
    let clock: WallClock

    func addRoutes(open: RouterGroup<Context>, signedIn: RouterGroup<Context>) {
        open.get("/login", use: loginForm)
        open.post("/login", use: login)
        open.get("/welcome", use: welcomeForm)
        open.post("/welcome", use: welcome)
        signedIn.post("/logout", use: logout)
    }

    struct LoginScreen: Sendable {
        var email: String
        var next: String
    }

    struct WelcomeScreen: Sendable {
        /// A first-admin link, which asks for a name and an email too.
        var isFirstAdmin: Bool
        var name: String
        var email: String
        var token: String
        var errors: [String: String]
    }

    @Sendable func loginForm(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        if context.browserSession != nil { return Response.seeOther(next) }
        let notice = request.uri.queryParameters["signed-out"] != nil ? "You are signed out." : nil
        return try await site.adminViews.page("login", title: "Sign in", screen: LoginScreen(email: "", next: next), context: context, notice: notice)
            .response(from: request, context: context)
    }

    @Sendable func login(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let form = context.form
        let email = form.text("email").value.trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form.text("password").value
        let screen = LoginScreen(email: String(email.prefix(254)), next: Self.safeNext(form.text("next").value))
        let now = clock.now()
        let keys = auth.throttleKeys(email: email, context: context)
        if let wait = try await auth.throttle.attempt(keys: keys, now: now) {
            let minutes = max(1, Int((wait / 60).rounded(.up)))
            let message = "Too many failed sign-ins. Try again in \(minutes == 1 ? "a minute" : "\(minutes) minutes")."
            var response = try await site.adminViews.page("login", title: "Sign in", screen: screen, context: context, error: message, status: .tooManyRequests)
                .response(from: request, context: context)
            response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            return response
        }
        let user = password.count <= PasswordHasher.maximumLength ? try await auth.users.user(email: email) : nil
        guard await auth.passwords.verify(password, hash: user?.passwordHash), let user, let userID = user.id else {
            return try await site.adminViews.page("login", title: "Sign in", screen: screen, context: context, error: "That email and password don't match an account.", status: .unauthorized)
                .response(from: request, context: context)
        }
        try await auth.throttle.clear(keys: keys)
        if let hash = user.passwordHash, auth.passwords.needsRehash(hash) {
            // Hashed at an older cost: the same password at today's, so every account takes as long.
            try await auth.users.rehash(userID: userID, hash: await auth.passwords.hash(password))
        }
        return try await auth.startSession(userID: userID, replacing: context.browserSession, request: request, redirectTo: screen.next, now: now)
    }

    @Sendable func welcomeForm(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        guard let screen = try await welcomeScreen(link: token, typed: nil, now: clock.now()) else {
            return try await expiredLink(request, context)
        }
        return try await site.adminViews.page("welcome", title: "Choose a password", screen: screen, context: context).response(from: request, context: context)
    }

    @Sendable func welcome(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let form = context.form
        let token = form.text("token").value
        let password = form.text("password").value
        let now = clock.now()
        guard var screen = try await welcomeScreen(link: token, typed: form, now: now) else {
            return try await expiredLink(request, context)
        }
        if screen.isFirstAdmin {
            do {
                try User.validate(email: screen.email, name: screen.name)
            } catch StoreError.invalid(let field, let message) {
                screen.errors[field] = "The \(field) \(message)."
            }
        }
        screen.errors.merge(AdminAuthentication.newPasswordProblems(in: form)) { first, _ in first }
        guard screen.errors.isEmpty else {
            return try await site.adminViews.page("welcome", title: "Choose a password", screen: screen, context: context, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        let hash = await auth.passwords.hash(password)
        do {
            let user = screen.isFirstAdmin
                ? try await auth.users.createFirstAdmin(email: screen.email, name: screen.name, passwordHash: hash, link: token, now: now)
                : try await auth.users.setPassword(hash: hash, link: token, now: now)
            return try await auth.startSession(userID: user.id ?? 0, replacing: context.browserSession, request: request, redirectTo: "/admin", now: now)
        } catch StoreError.notFound {
            return try await expiredLink(request, context)
        }
    }

    /// The password form of a working link: a user's, or the first admin's, whose name and email
    /// are as `typed` (empty on the first visit); nil for a used or expired link.
    private func welcomeScreen(link token: String, typed: FormFields?, now: Date) async throws -> WelcomeScreen? {
        if let user = try await auth.users.user(forLink: token, now: now) {
            return WelcomeScreen(isFirstAdmin: false, name: user.name, email: user.email, token: token, errors: [:])
        }
        guard try await auth.users.isFirstAdminLink(token, now: now) else { return nil }
        let typed = { (name: String) in typed?.text(name).value.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        return WelcomeScreen(isFirstAdmin: true, name: typed("name"), email: typed("email"), token: token, errors: [:])
    }

    @Sendable func logout(request: Request, context: Context) async throws -> Response {
        if let signedIn = context.signedIn {
            try await auth.sessions.end(sessionID: signedIn.sessionID, userID: signedIn.userID)
        }
        var response = Response.seeOther("/admin/login?signed-out")
        response.setCookie(auth.cookie.clearing())
        return response
    }

    private func expiredLink(_ request: Request, _ context: Context) async throws -> Response {
        let site = try await self.site.current()
        return try await site.adminViews.message(
            "This link no longer works",
            "Sign-in links work once, for 24 hours. Ask whoever runs the blog for a new one (quire user reset --email you@example.com).",
            context: context, status: .notFound
        ).response(from: request, context: context)
    }

    /// Where to go after signing in: an admin path only, never another site (`//host`) or a script.
    static func safeNext(_ next: String?) -> String {
        guard let next, next == "/admin" || next.hasPrefix("/admin/"), !next.contains("//"), !next.contains("\\"),
            !next.contains(where: { $0.isNewline || $0 == "\0" })
        else { return "/admin" }
        return next
    }
}
