import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
@testable import QuireWeb
import Testing

@Suite struct AdminSignInTests {
    @Test(arguments: TestPostgres.engines)
    func theFirstAdminLinkMakesAnAdminOnceAndSignsThemIn(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let token = try #require(try await site.blog.users.firstAdminLink(now: site.clock.now))
            try await site.test { client async throws in
                var browser = AdminBrowser(client: client)
                let form = try await browser.get("/admin/welcome?token=\(token)")
                #expect(form.status == .ok)
                #expect(form.text.contains("Make the first admin") && form.text.contains(#"name="email""#) && form.text.contains(#"name="name""#))
                let short = try await browser.submit("/admin/welcome", form: "/admin/welcome?token=\(token)", [
                    ("token", token), ("name", "Ann"), ("email", "not-an-email"), ("password", "short"), ("password_confirm", "short"),
                ])
                #expect(short.status == .unprocessableContent)
                #expect(short.text.contains(#"id="email-error""#) && short.text.contains("must be at least 10 characters"))
                #expect(short.text.contains(#"value="not-an-email""#))
                let made = try await browser.submit("/admin/welcome", form: "/admin/welcome?token=\(token)", [
                    ("token", token), ("name", "Ann"), ("email", "ann@example.com"), ("password", "a long enough password"), ("password_confirm", "a long enough password"),
                ])
                #expect(made.status == .seeOther && made.headers[.location] == "/admin")
                let cookie = try #require(made.headers[values: .setCookie].first)
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure") && cookie.contains("Path=/"))
                #expect(try await browser.get("/admin").text.contains("Sign out (Ann)"))
                // Used up: the link, and any first-admin link, now answer 404.
                #expect(try await AdminBrowser(client: client).get("/admin/welcome?token=\(token)").status == .notFound)
            }
            let users = try await site.blog.users.all()
            #expect(users.map(\.role) == [.admin])
            #expect(users.first?.passwordHash?.hasPrefix("$2b$04$") == true)
            #expect(try await site.blog.users.firstAdminLink(now: site.clock.now) == nil)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aUsersLinkSetsTheirPasswordAndExpiresAfter24Hours(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let users = site.blog.users
            let user = try await users.create(email: "bo@example.com", name: "Bo", role: .author, now: site.clock.now)
            let link = try await users.signInLink(forUserID: user.id ?? 0, now: site.clock.now)
            let stale = try await users.signInLink(forUserID: user.id ?? 0, now: site.clock.now)
            try await site.test { client async throws in
                let browser = AdminBrowser(client: client)
                // A newer link replaces the older one.
                #expect(try await browser.get("/admin/welcome?token=\(link)").status == .notFound)
                #expect(try await browser.get("/admin/welcome?token=\(stale)").text.contains("bo@example.com"))
                site.clock.advance(by: 24 * 3600 + 1)
                #expect(try await browser.get("/admin/welcome?token=\(stale)").status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aLinkOpenedInABrowserThatIsSignedInStillWorks(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let users = site.blog.users
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let bo = try await users.create(email: "bo@example.com", name: "Bo", role: .author, now: site.clock.now)
                let link = try await users.signInLink(forUserID: bo.id ?? 0, now: site.clock.now)
                let form = try await browser.get("/admin/welcome?token=\(link)")
                #expect(form.status == .ok && !form.text.contains("Sign out"))
                let set = try await browser.submit("/admin/welcome", form: "/admin/welcome?token=\(link)", [
                    ("token", link), ("password", "bo's own password"), ("password_confirm", "bo's own password"),
                ])
                #expect(set.status == .seeOther)
                #expect(try await browser.get("/admin").text.contains("Sign out (Bo)"))
            }
            // Ann's session ended when Bo signed in from the same browser.
            #expect(try await site.blog.integer("SELECT COUNT(*) FROM user_session") == 1)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aWrongPairIs401WithOneMessageWhicheverWasWrong(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.addUser(email: "ann@example.com", name: "Ann", role: .admin, password: "a long enough password")
            try await site.test { client async throws in
                var browser = AdminBrowser(client: client)
                let wrongPassword = try await browser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "not the password")])
                let noSuchUser = try await browser.submit("/admin/login", form: "/admin/login", [("email", "eve@example.com"), ("password", "not the password")])
                for response in [wrongPassword, noSuchUser] {
                    #expect(response.status == .unauthorized)
                    #expect(response.text.contains("That email and password don&#39;t match an account.") || response.text.contains("That email and password don’t match") || response.text.contains("match an account"))
                    #expect(response.headers[values: .setCookie].isEmpty)
                }
                #expect(wrongPassword.text.contains(#"value="ann@example.com""#))
                #expect(browser.cookie == nil)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func signingInStartsANewSessionAndSigningOutEndsIt(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var first = try await AdminBrowser.signIn(client, site: site)
                let firstCookie = try #require(first.cookie)
                // Signing in again from the same browser replaces its session: the old cookie stops working.
                let signInToken = try await AdminBrowser(client: client).csrfToken(on: "/admin/login")
                let again = try await first.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")], token: signInToken)
                #expect(again.status == .seeOther)
                #expect(first.cookie != firstCookie)
                #expect(try await AdminBrowser(client: client, cookie: firstCookie).get("/admin").status == .seeOther)
                #expect(try await first.get("/admin").status == .ok)
                let out = try await first.submit("/admin/logout", form: "/admin", [])
                #expect(out.status == .seeOther && out.headers[.location] == "/admin/login?signed-out")
                #expect(first.cookie == nil)
                #expect(try await AdminBrowser(client: client, cookie: again.headers[values: .setCookie].first.map { String($0.dropFirst(14).prefix { $0 != ";" }) }).get("/admin").status == .seeOther)
            }
            #expect(try await site.blog.integer("SELECT COUNT(*) FROM user_session") == 0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func sessionsEndAfter14IdleDaysOr60DaysInAll(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                let browser = try await AdminBrowser.signIn(client, site: site)
                site.clock.advance(by: 13 * 86_400)
                #expect(try await browser.get("/admin").status == .ok)
                site.clock.advance(by: 13 * 86_400)
                #expect(try await browser.get("/admin").status == .ok)
                site.clock.advance(by: 15 * 86_400)
                #expect(try await browser.get("/admin").status == .seeOther)
            }
            try await site.test { client async throws in
                let browser = try await AdminBrowser.signIn(client, site: site, email: "bo@example.com")
                for _ in 0..<6 {
                    site.clock.advance(by: 10 * 86_400)
                    #expect(try await browser.get("/admin").status == .ok)
                }
                site.clock.advance(by: 86_400)
                let expired = try await browser.get("/admin/posts")
                #expect(expired.status == .seeOther && expired.headers[.location] == "/admin/login?next=/admin/posts")
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func guessingIsThrottledByAccountAndByClientAndAnsweredAtOnce(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.addUser(email: "ann@example.com", name: "Ann", role: .admin, password: "a long enough password")
            try await site.test { client async throws in
                var browser = AdminBrowser(client: client)
                for guess in 1...5 {
                    let response = try await browser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "guess number \(guess)")])
                    #expect(response.status == .unauthorized)
                }
                // The sixth waits a second; even the right password is not checked while it must wait.
                let throttled = try await browser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")])
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.headers[.retryAfter] == "1")
                #expect(throttled.text.contains("Too many failed sign-ins"))
                site.clock.advance(by: 1)
                #expect(try await browser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "guess 6")]).status == .unauthorized)
                let longer = try await browser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")])
                #expect(longer.headers[.retryAfter] == "2")
                // The client is throttled too, whichever account it tries next.
                let other = try await browser.submit("/admin/login", form: "/admin/login", [("email", "bo@example.com"), ("password", "anything at all")])
                #expect(other.status == .tooManyRequests)
                site.clock.advance(by: 2)
                let right = try await browser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")])
                #expect(right.status == .seeOther)
            }
            // A success forgets the failures.
            #expect(try await site.blog.integer("SELECT COUNT(*) FROM sign_in_failure") == 0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aPasswordHashedAtAnOlderCostIsHashedAgainAtSignIn(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let users = site.blog.users
            let user = try await users.create(email: "ann@example.com", name: "Ann", role: .admin, now: site.clock.now)
            let link = try await users.signInLink(forUserID: user.id ?? 0, now: site.clock.now)
            _ = try await users.setPassword(hash: await PasswordHasher(cost: 5).hash("a long enough password"), link: link, now: site.clock.now)
            try await site.test { client async throws in
                var browser = AdminBrowser(client: client)
                #expect(try await browser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")]).status == .seeOther)
            }
            #expect(try await users.user(email: "ann@example.com")?.passwordHash?.hasPrefix("$2b$04$") == true)
        }
    }

    @Test func theThrottleMakes10000GuessesTakeDays() {
        var total: TimeInterval = 0
        for failures in 1...10_000 { total += SignInThrottle.waitAfter(failures: failures) }
        #expect(total > 100 * 86_400)
    }

    @Test(arguments: TestPostgres.engines)
    func everyPostNeedsTheSessionsTokenAndThisSitesOrigin(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                let browser = try await AdminBrowser.signIn(client, site: site)
                let token = try await browser.csrfToken(on: "/admin/posts/new")
                let fields = [("title", "Sneaky"), ("body_markdown", "x"), ("action", "save"), ("version", "0")]
                let refusals = [
                    try await browser.post("/admin/posts", fields),
                    try await browser.post("/admin/posts", fields + [("csrf_token", "0." + String(repeating: "0", count: 40))]),
                    try await browser.post("/admin/posts", fields + [("csrf_token", token)], origin: "https://evil.example"),
                    try await browser.post("/admin/posts", fields + [("csrf_token", token)], origin: nil),
                    try await browser.post("/admin/posts", fields + [("csrf_token", token)], origin: "null"),
                ]
                for response in refusals {
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.cacheControl] == "no-store")
                }
                // Another user's session token is refused too.
                let other = try await AdminBrowser.signIn(client, site: site, email: "bo@example.com")
                let theirs = try await other.csrfToken(on: "/admin")
                #expect(try await browser.post("/admin/posts", fields + [("csrf_token", theirs)]).status == .forbidden)
                // The sign-in form's token is not a session's.
                let signInToken = try await AdminBrowser(client: client).csrfToken(on: "/admin/login")
                #expect(try await browser.post("/admin/posts", fields + [("csrf_token", signInToken)]).status == .forbidden)
                // The login form needs its token and Origin too.
                let login = try await AdminBrowser(client: client).post("/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")])
                #expect(login.status == .forbidden)
                #expect(try await browser.post("/admin/posts", fields + [("csrf_token", token)]).status == .seeOther)
            }
            #expect(try await site.store.adminPage(.init(titleContains: "Sneaky"), page: 1, perPage: 10, now: site.clock.now).total == 1)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func adminAnswersAreNeverStoredOrFramedAndMayRunOnlyTheirOwnScript(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                let anonymous = try await client.execute(uri: "/admin/posts", method: .get)
                #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/admin/login?next=/admin/posts")
                let browser = try await AdminBrowser.signIn(client, site: site)
                for uri in ["/admin", "/admin/posts", "/admin/posts/new", "/admin/login", "/admin/nothing-here"] {
                    let response = try await browser.get(uri)
                    #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
                    #expect(response.headers[.xFrameOptions] == "DENY", "\(uri)")
                    let policy = try #require(response.headers[.contentSecurityPolicy])
                    #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
                }
                #expect(try await browser.get("/admin/nothing-here").status == .notFound)
                // The page cache never answers for the admin: a signed-out browser is sent to sign in.
                #expect(try await client.execute(uri: "/admin", method: .get).status == .seeOther)
            }
        }
    }

    @Test func afterSignInTheBrowserGoesWhereItWasHeadedButNeverOffTheAdmin() {
        #expect(AdminSignInController<QuireRequestContext>.safeNext("/admin/posts?status=draft") == "/admin/posts?status=draft")
        for unsafe in ["https://evil.example", "//evil.example", "/admin//evil.example", "/\\evil.example", "/posts", "/admin\n"] {
            #expect(AdminSignInController<QuireRequestContext>.safeNext(unsafe) == "/admin")
        }
    }
}
