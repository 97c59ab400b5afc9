import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct AdminAccountTests {
    @Test(arguments: TestPostgres.engines)
    func changingThePasswordEndsEveryOtherSession(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var laptop = try await AdminBrowser.signIn(client, site: site)
                var phoneBrowser = AdminBrowser(client: client)
                #expect(try await phoneBrowser.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")]).status == .seeOther)
                #expect(try await laptop.get("/admin/account").text.contains("Sign out every other browser"))
                let wrong = try await laptop.submit("/admin/account/password", form: "/admin/account", [("current_password", "not it at all"), ("password", "a brand new password"), ("password_confirm", "a brand new password")])
                #expect(wrong.status == .unprocessableContent && wrong.text.contains(#"id="current_password-error""#))
                let changed = try await laptop.submit("/admin/account/password", form: "/admin/account", [("current_password", "a long enough password"), ("password", "a brand new password"), ("password_confirm", "a brand new password")])
                #expect(changed.status == .seeOther && changed.headers[.location] == "/admin/account?done=password")
                #expect(try await laptop.get("/admin").status == .ok)
                #expect(try await phoneBrowser.get("/admin").status == .seeOther)
                var fresh = AdminBrowser(client: client)
                #expect(try await fresh.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a long enough password")]).status == .unauthorized)
                #expect(try await fresh.submit("/admin/login", form: "/admin/login", [("email", "ann@example.com"), ("password", "a brand new password")]).status == .seeOther)
                // The laptop ends the new browser's session from its list.
                let sessions = try await site.blog.strings("SELECT CAST(id AS TEXT) FROM user_session ORDER BY id").compactMap { $0.flatMap { Int64($0) } }
                let other = try #require(sessions.last)
                #expect(try await laptop.submit("/admin/account/sessions/\(other)/end", form: "/admin/account", []).status == .seeOther)
                #expect(try await fresh.get("/admin").status == .seeOther)
                #expect(try await laptop.get("/admin").status == .ok)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func tokensAreShownOnceListedWithLastUseAndRevoked(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let empty = try await browser.submit("/admin/tokens", form: "/admin/tokens", [("name", "  ")])
                #expect(empty.status == .unprocessableContent && empty.text.contains(#"id="name-error""#))
                let made = try await browser.submit("/admin/tokens", form: "/admin/tokens", [("name", "deploy script")])
                #expect(made.status == .ok && made.headers[.cacheControl] == "no-store")
                let html = made.text
                let start = try #require(html.range(of: #"<p class="token">"#))
                let token = String(html[start.upperBound...].prefix { $0 != "<" })
                #expect(token.hasPrefix("quire_"))
                #expect(!(try await browser.get("/admin/tokens").text.contains(token)))
                #expect(try await browser.get("/admin/tokens").text.contains("never"))
                let used = try await client.execute(uri: "/api/comments", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(used.status == .ok)
                #expect(!(try await browser.get("/admin/tokens").text.contains("never")))
                let id = try #require(try await site.blog.tokens.all().first?.id)
                #expect(try await browser.submit("/admin/tokens/\(id)/revoke", form: "/admin/tokens", []).status == .seeOther)
                #expect(try await client.execute(uri: "/api/comments", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .unauthorized)
                let author = try await AdminBrowser.signIn(client, site: site, email: "bo@example.com", role: .author)
                #expect(try await author.get("/admin/tokens").status == .forbidden)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func anAdminInvitesChangesRolesAndRemovesButNeverTheLastAdmin(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let bad = try await browser.submit("/admin/users", form: "/admin/users", [("email", "nope"), ("name", "Bo"), ("role", "admin")])
                #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="email-error""#) && bad.text.contains(#"value="Bo""#))
                let invited = try await browser.submit("/admin/users", form: "/admin/users", [("email", "bo@example.com"), ("name", "Bo"), ("role", "author")])
                #expect(invited.status == .ok)
                let start = try #require(invited.text.range(of: "https://blog.example/admin/welcome?token="))
                let token = String(invited.text[start.upperBound...].prefix { $0 != "<" })
                #expect(try await AdminBrowser(client: client).get("/admin/welcome?token=\(token)").text.contains("bo@example.com"))
                let duplicate = try await browser.submit("/admin/users", form: "/admin/users", [("email", "BO@example.com"), ("name", "Bo again"), ("role", "author")])
                #expect(duplicate.status == .unprocessableContent)
                let users = try await site.blog.users.all()
                let ann = try #require(users.first { $0.email == "ann@example.com" }?.id)
                let bo = try #require(users.first { $0.email == "bo@example.com" }?.id)
                // The only admin can't stop being one, or be removed.
                #expect(try await browser.submit("/admin/users/\(ann)/role", form: "/admin/users", [("role", "author")]).status == .conflict)
                #expect(try await browser.submit("/admin/users/\(bo)/role", form: "/admin/users", [("role", "admin")]).status == .seeOther)
                #expect(try await browser.get("/admin/users/\(bo)/remove").text.contains("Remove Bo?"))
                #expect(try await browser.submit("/admin/users/\(bo)/remove", form: "/admin/users/\(bo)/remove", []).status == .seeOther)
                #expect(try await site.blog.users.all().map(\.email) == ["ann@example.com"])
                #expect(try await browser.submit("/admin/users/\(ann)/remove", form: "/admin/users", []).status == .conflict)
            }
        }
    }
}
