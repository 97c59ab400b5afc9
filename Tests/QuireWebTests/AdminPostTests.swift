import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct AdminPostTests {
    static func editorFields(title: String, body: String = "Some *text*.", action: String, version: Int = 0, extra: [(String, String)] = []) -> [(String, String)] {
        [("title", title), ("body_markdown", body), ("action", action), ("version", String(version)), ("comments_open", "on")] + extra
    }

    /// The id in a `/admin/posts/{id}?done=…` location.
    static func postID(_ response: TestResponse) throws -> Int64 {
        let location = try #require(response.headers[.location])
        return try #require(Int64(location.dropFirst("/admin/posts/".count).prefix { $0.isNumber }))
    }

    @Test(arguments: TestPostgres.engines)
    func aDraftIsSavedWithARevisionThenPublishedAndShownToReaders(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let saved = try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "First words", action: "save", extra: [("tags", "Kites, travel")]))
                #expect(saved.status == .seeOther)
                #expect(saved.headers[.location]?.hasSuffix("?done=saved") == true)
                let id = try Self.postID(saved)
                let editor = try await browser.get("/admin/posts/\(id)?done=saved")
                #expect(editor.text.contains("Draft saved.") && editor.text.contains(#"value="Kites, travel""#))
                #expect(try await client.execute(uri: "/posts/first-words", method: .get).status == .notFound)
                let published = try await browser.submit("/admin/posts/\(id)", form: "/admin/posts/\(id)", Self.editorFields(title: "First words", action: "publish", version: 1, extra: [("tags", "Kites, travel")]))
                #expect(published.headers[.location] == "/admin/posts/\(id)?done=published")
                let page = try await client.execute(uri: "/posts/first-words", method: .get)
                #expect(page.status == .ok && page.text.contains("<em>text</em>"))
                #expect(try await browser.get("/admin/posts?status=published").text.contains("First words"))
            }
            let editable = try #require(try await site.store.editable(slug: "first-words"))
            #expect(editable.version == 2 && editable.post.authorName == "Ann")
            #expect(try await site.store.revisions(postID: editable.post.id ?? 0).map(\.version) == [2, 1])
        }
    }

    @Test(arguments: TestPostgres.engines)
    func schedulingTakesTheDateInTheSitesTimeZone(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.site.timezone = "America/New_York" }
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let past = try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "Later", action: "schedule", extra: [("published_at", "2001-01-01T09:00")]))
                #expect(past.status == .unprocessableContent)
                #expect(past.text.contains(#"id="published_at-error""#) && past.text.contains("in the future"))
                #expect(past.text.contains(#"value="Later""#))
                let scheduled = try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "Later", action: "schedule", extra: [("published_at", "2099-01-01T09:00")]))
                #expect(scheduled.headers[.location]?.hasSuffix("?done=scheduled") == true)
                let dashboard = try await browser.get("/admin")
                #expect(dashboard.text.contains("Later") && dashboard.text.contains("2099-01-01 09:00"))
            }
            let post = try #require(try await site.store.post(slug: "later")).post
            #expect(post.status == .scheduled)
            // 09:00 in New York in January is 14:00 UTC.
            #expect(post.publishedAt == ISO8601DateFormatter().date(from: "2099-01-01T14:00:00Z"))
        }
    }

    @Test(arguments: TestPostgres.engines)
    func savingOverANewerVersionIsRefusedWithBothShownAndNothingLost(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let id = try Self.postID(try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "Shared", body: "Original", action: "save")))
                // Another tab saves first.
                #expect(try await browser.submit("/admin/posts/\(id)", form: "/admin/posts/\(id)", Self.editorFields(title: "Shared", body: "Theirs", action: "save", version: 1)).status == .seeOther)
                let mine = try await browser.submit("/admin/posts/\(id)", form: "/admin/posts/\(id)", Self.editorFields(title: "Shared <mine>", body: "Mine", action: "save", version: 1))
                #expect(mine.status == .conflict)
                #expect(mine.text.contains("saved by someone else"))
                #expect(mine.text.contains(">Theirs</textarea>") && mine.text.contains(">Mine</textarea>"))
                #expect(mine.text.contains(#"value="Shared &lt;mine&gt;""#))
                #expect(mine.text.contains(#"name="version" value="2""#))
                // Saving again from the conflict page keeps the user's version on purpose.
                #expect(try await browser.submit("/admin/posts/\(id)", form: "/admin/posts/\(id)", Self.editorFields(title: "Shared", body: "Mine", action: "save", version: 2)).status == .seeOther)
            }
            #expect(try await site.store.post(slug: "shared")?.post.bodyMarkdown == "Mine")
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aChangedSlugKeepsTheOldAddressAsARedirect(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let id = try Self.postID(try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "Old name", action: "publish")))
                #expect(try await browser.submit("/admin/posts/\(id)", form: "/admin/posts/\(id)", Self.editorFields(title: "New name", action: "save", version: 1, extra: [("slug", "new-name")])).status == .seeOther)
                let old = try await client.execute(uri: "/posts/old-name", method: .get)
                #expect(old.status == .movedPermanently && old.headers[.location] == "/posts/new-name")
                let taken = try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "Another", action: "save", extra: [("slug", "new-name")]))
                #expect(taken.status == .unprocessableContent && taken.text.contains(#"id="slug-error""#))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func previewShowsThePublicPageRunsNoScriptAndSavesNothing(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let preview = try await browser.submit("/admin/posts/preview", form: "/admin/posts/new", Self.editorFields(title: "Not yet", body: "Hello <script>alert(1)</script> **world**", action: "save"))
                #expect(preview.status == .ok)
                #expect(preview.text.contains(#"<h1 class="post-title">Not yet</h1>"#) && preview.text.contains("<strong>world</strong>"))
                let policies = preview.headers[values: .contentSecurityPolicy]
                #expect(policies.contains { $0.contains("script-src 'none'") && $0.contains("sandbox") })
                #expect(preview.headers[.cacheControl] == "no-store")
            }
            #expect(try await site.store.post(slug: "not-yet") == nil)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func deletingAsksFirstAndRevisionsCanBeRestored(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let id = try Self.postID(try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "Draft one", body: "First text", action: "save")))
                try await browser.submit("/admin/posts/\(id)", form: "/admin/posts/\(id)", Self.editorFields(title: "Draft two", body: "Second text", action: "save", version: 1))
                let list = try await browser.get("/admin/posts/\(id)/revisions")
                #expect(list.text.contains("Draft one") && list.text.contains("Draft two"))
                let first = try #require(try await site.store.revisions(postID: id).last?.id)
                let shown = try await browser.get("/admin/posts/\(id)/revisions/\(first)")
                #expect(shown.text.contains(">First text</textarea>"))
                let restored = try await browser.submit("/admin/posts/\(id)/revisions/\(first)/restore", form: "/admin/posts/\(id)/revisions/\(first)", [])
                #expect(restored.headers[.location] == "/admin/posts/\(id)?done=restored")
                #expect(try await site.store.editable(id: id)?.post.bodyMarkdown == "First text")
                #expect(try await site.store.editable(id: id)?.version == 3)

                let confirm = try await browser.get("/admin/posts/\(id)/delete")
                #expect(confirm.text.contains("Delete “Draft one”?"))
                #expect(try await site.store.editable(id: id) != nil)
                let deleted = try await browser.submit("/admin/posts/\(id)/delete", form: "/admin/posts/\(id)/delete", [])
                #expect(deleted.status == .seeOther)
                #expect(try await site.store.editable(id: id) == nil)
                #expect(try await browser.get("/admin/posts/\(id)").status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func anAuthorSeesAndEditsOnlyTheirOwnPosts(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let others = try await site.add(PostDraft(title: "The admin's", bodyMarkdown: "x"))
            try await site.test { client async throws in
                var author = try await AdminBrowser.signIn(client, site: site, email: "bo@example.com", name: "Bo", role: .author)
                let mine = try Self.postID(try await author.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: "Bo writes", action: "save")))
                let list = try await author.get("/admin/posts").text
                #expect(list.contains("Bo writes"))
                #expect(!list.contains("The admin"))
                let otherID = others.post.id ?? 0
                #expect(try await author.get("/admin/posts/\(otherID)").status == .notFound)
                #expect(try await author.post("/admin/posts/\(otherID)/delete", [("csrf_token", try await author.csrfToken(on: "/admin"))]).status == .notFound)
                #expect(try await author.get("/admin/posts/\(mine)").status == .ok)
                #expect(!(try await author.get("/admin").text.contains(#"href="/admin/users""#)))
            }
            #expect(try await site.store.editable(id: others.post.id ?? 0) != nil)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func anyPageNumberIsAnswered(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                let browser = try await AdminBrowser.signIn(client, site: site)
                for uri in ["/admin/posts?page=9223372036854775807", "/admin/posts?page=-5", "/admin/comments?page=9223372036854775807"] {
                    #expect(try await browser.get(uri).status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func whatAnAuthorTypesIsEscapedEverywhereItIsShown(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let evil = "<img src=x onerror=alert(1)>"
                let id = try Self.postID(try await browser.submit("/admin/posts", form: "/admin/posts/new", Self.editorFields(title: evil, body: "</textarea><script>x</script>", action: "save", extra: [("tags", evil)])))
                for uri in ["/admin/posts", "/admin/posts/\(id)", "/admin/posts/\(id)/revisions", "/admin"] {
                    let html = try await browser.get(uri).text
                    #expect(!html.contains("<img src=x"), "\(uri)")
                    #expect(!html.contains("</textarea><script>"), "\(uri)")
                }
            }
        }
    }
}
