import Hummingbird
import QuireCore

/// The admin under `/admin` (docs/admin.md): two route groups behind `AdminGuardMiddleware`,
/// one open for signing in, one for signed-in users; each controller lists its routes.
func addAdminRoutes(to router: Router<QuireRequestContext>, services: QuireServices) {
    let config = services.config
    let clock = services.clock
    let site = services.site
    let origins = OriginCheck(baseURL: config.site.baseURL)
    func guarded(_ access: AdminGuardMiddleware<QuireRequestContext>.Access) -> RouterGroup<QuireRequestContext> {
        router.group("/admin").add(middleware: AdminGuardMiddleware(
            access: access, sessions: services.sessions, formTokens: services.formTokens, origins: origins,
            maxUploadBytes: services.media.rules.maxBytes, clock: clock
        ))
    }
    let open = guarded(.signingIn)
    let signedIn = guarded(.signedIn)

    let auth = AdminAuthentication(
        users: services.users, sessions: services.sessions, passwords: services.passwords, throttle: services.signInThrottle,
        secret: services.secret, cookie: AdminCookie(baseURL: config.site.baseURL)
    )
    AdminSignInController(auth: auth, site: site, clock: clock).addRoutes(open: open, signedIn: signedIn)
    AdminAccountController(auth: auth, site: site, clock: clock).addRoutes(to: signedIn)
    AdminTokenController(tokens: services.authentication.tokens, site: site, clock: clock).addRoutes(to: signedIn)
    AdminUserController(users: services.users, site: site, baseURL: config.site.baseURLPrefix, clock: clock).addRoutes(to: signedIn)
    AdminDashboardController(site: site, pageViews: services.store.pageViews, clock: clock).addRoutes(to: signedIn)
    AdminCommentController(site: site, clock: clock).addRoutes(to: signedIn)
    AdminSettingsController(site: site, settings: services.store.settings).addRoutes(to: signedIn)
    AdminFollowerController(site: site, federation: services.federation.store, clock: clock).addRoutes(to: signedIn)
    AdminMediaController(site: site, media: services.media, clock: clock).addRoutes(to: signedIn)
    AdminPostController(site: site, users: services.users, clock: clock, kind: .post).addRoutes(to: signedIn)
    AdminPostController(site: site, users: services.users, clock: clock, kind: .page).addRoutes(to: signedIn)
}
