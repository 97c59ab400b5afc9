import Foundation
import Hummingbird
import QuireCore

/// Renders the admin's screens: each screen's template inside `admin/layout`, with the
/// navigation, the signed-in user, the session's `csrf_token` and the count of comments waiting.
struct AdminViews: Sendable {
    let renderer: PageRenderer
    let comments: any CommentStore
    let formTokens: FormTokens
    let siteTitle: String
    let dates: AdminDates
    let stylesheetURL: String
    let scriptURL: String
    let clock: WallClock

    /// Everything the layout shows around a screen.
    struct Page<Screen>: Sendable where Screen: Sendable {
        var title: String
        var siteTitle: String
        var stylesheetURL: String
        var scriptURL: String
        var csrfToken: String
        var user: UserView?
        var nav: [NavItem]
        var notice: String?
        var error: String?
        var screen: Screen
    }

    struct UserView: Sendable {
        var name: String
        var isAdmin: Bool
    }

    struct NavItem: Sendable {
        var label: String
        var url: String
        var current: Bool
        var badge: Int?
    }

    /// A screen for the signed-in user (or a sign-in screen when there is none).
    func page<Screen: Sendable>(
        _ template: String, title: String, screen: Screen, context: some AdminRequestContext,
        section: String? = nil, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> HTMLPage {
        var user: UserView?
        var nav: [NavItem] = []
        var csrfToken = formTokens.token(purpose: AdminGuardMiddleware<QuireRequestContext>.signInPurpose, now: clock.now())
        if let signedIn = context.signedIn {
            let isAdmin = signedIn.user.role == .admin
            user = UserView(name: signedIn.user.name, isAdmin: isAdmin)
            csrfToken = formTokens.token(session: signedIn)
            let waiting = isAdmin ? try await comments.count(status: .pending) : 0
            nav = Self.sections(isAdmin: isAdmin).map { label, url in
                NavItem(label: label, url: url, current: url == section, badge: url == "/admin/comments" && waiting > 0 ? waiting : nil)
            }
        }
        let page = Page(
            title: title, siteTitle: siteTitle, stylesheetURL: stylesheetURL, scriptURL: scriptURL, csrfToken: csrfToken,
            user: user, nav: nav, notice: notice, error: error, screen: screen
        )
        return HTMLPage(html: try renderer.render(page, template: "admin-" + template), status: status)
    }

    /// A page that only says something (an error, a confirmation that needs no form).
    func message(_ heading: String, _ text: String, context: some AdminRequestContext, status: HTTPResponse.Status) async throws -> HTMLPage {
        try await page("message", title: heading, screen: ["heading": heading, "text": text], context: context, status: status)
    }

    /// The admin's sections, in the navigation's order; the last four are an admin's only.
    static func sections(isAdmin: Bool) -> [(String, String)] {
        let everyone = [("Dashboard", "/admin"), ("Posts", "/admin/posts"), ("Pages", "/admin/pages"), ("Media", "/admin/media")]
        let admins = [("Comments", "/admin/comments"), ("Followers", "/admin/followers"), ("Settings", "/admin/settings"), ("Tokens", "/admin/tokens"), ("Users", "/admin/users")]
        return everyone + (isAdmin ? admins : []) + [("Account", "/admin/account")]
    }
}
