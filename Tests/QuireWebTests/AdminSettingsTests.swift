import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct AdminSettingsTests {
    /// The settings form's values as the page shows them, with some changed.
    static func fields(_ browser: AdminBrowser, changing changes: [String: String]) async throws -> [(String, String)] {
        let config = QuireConfig()
        return EditableSettings.keys.map { key in (key, changes[key] ?? EditableSettings.formValue(key, in: config)) }
    }

    @Test(arguments: TestPostgres.engines)
    func aSavedTitleShowsOnTheNextRequestAndOutlivesARestart(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Hello", bodyMarkdown: "x"))
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                #expect(try await client.execute(uri: "/", method: .get).text.contains(">Quire</a>"))
                let form = try await browser.get("/admin/settings").text
                #expect(form.contains(#"name="site.title" type="text" value="Quire""#))
                let saved = try await browser.submit("/admin/settings", form: "/admin/settings", try await Self.fields(browser, changing: ["site.title": "Kites & Kettles", "posts_per_page": "1"]))
                #expect(saved.status == .seeOther && saved.headers[.location] == "/admin/settings?saved")
                let front = try await client.execute(uri: "/", method: .get).text
                #expect(front.contains(">Kites &amp; Kettles</a>"))
                #expect(try await client.execute(uri: "/feed.xml", method: .get).text.contains("<title>Kites &amp; Kettles</title>"))
                #expect(try await browser.get("/admin").text.contains("Kites &amp; Kettles"))
            }
            // A new process on the same database starts with the saved settings, not the file's.
            try await site.test { client async throws in
                #expect(try await client.execute(uri: "/posts/hello", method: .get).text.contains("Kites &amp; Kettles"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func everyBadValueIsNamedBesideItsFieldAndNothingIsSaved(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let changes = [
                    "site.title": "New title", "posts_per_page": "0", "related_posts": "many", "site.language": "en_US!",
                    "site.timezone": "Mars/Olympus", "comments.moderation": "whatever", "comments.thread_depth": "99",
                ]
                let refused = try await browser.submit("/admin/settings", form: "/admin/settings", try await Self.fields(browser, changing: changes))
                #expect(refused.status == .unprocessableContent)
                for id in ["posts-per-page", "related-posts", "site-language", "site-timezone", "comments-moderation", "comments-thread-depth"] {
                    #expect(refused.text.contains(#"id="setting-\#(id)-error""#), "\(id)")
                }
                #expect(!refused.text.contains(#"id="setting-site-title-error""#))
                #expect(refused.text.contains(#"<span id="setting-posts-per-page-error" class="field-error">0 is out of range (1 to 100).</span>"#))
                #expect(refused.text.contains(#"value="New title""#) && refused.text.contains(#"value="many""#))
                #expect(try await client.execute(uri: "/", method: .get).text.contains(">Quire</a>"))
            }
            #expect(try await site.blog.settings.savedText() == nil)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theHeadersLinksAreSetInOrderAndOnlyToThisSite(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let bad = try await browser.submit("/admin/settings", form: "/admin/settings", try await Self.fields(browser, changing: ["navigation": "About | /about\nEvil | javascript:alert(1)"]))
                #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="setting-navigation-error""#))
                #expect(bad.text.contains("javascript:alert(1)&#39; is not a path on this site") || bad.text.contains("is not a path on this site"))
                let saved = try await browser.submit("/admin/settings", form: "/admin/settings", try await Self.fields(browser, changing: ["navigation": "About | /about\n\nTravel | /tags/travel"]))
                #expect(saved.status == .seeOther)
                let front = try await client.execute(uri: "/", method: .get).text
                let about = try #require(front.range(of: #"<li><a href="/about">About</a></li>"#))
                let travel = try #require(front.range(of: #"<li><a href="/tags/travel">Travel</a></li>"#))
                #expect(about.lowerBound < travel.lowerBound)
                #expect(try await browser.get("/admin/settings").text.contains("About | /about\nTravel | /tags/travel</textarea>"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func commentSettingsApplyToTheNextComment(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.comments.moderation = .holdAll }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let held = try await client.postComment(slug: "post", goodComment("Held first"))
                #expect(held.headers[.location]?.contains("moderation=pending") == true)
                #expect(try await browser.submit("/admin/settings", form: "/admin/settings", try await Self.fields(browser, changing: ["comments.moderation": "open"])).status == .seeOther)
                let open = try await client.postComment(slug: "post", goodComment("Shown at once", email: "other@example.com"))
                #expect(open.headers[.location]?.contains("#comment-") == true)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func onlyAnAdminChangesSettings(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                let author = try await AdminBrowser.signIn(client, site: site, email: "bo@example.com", role: .author)
                #expect(try await author.get("/admin/settings").status == .forbidden)
                let token = try await author.csrfToken(on: "/admin")
                #expect(try await author.post("/admin/settings", [("csrf_token", token), ("site.title", "Mine now")]).status == .forbidden)
            }
            #expect(try await site.blog.settings.savedText() == nil)
        }
    }
}
