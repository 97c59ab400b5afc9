import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireCore
import QuireTestSupport
import Testing

@Suite struct PageRouteTests {
    func addPage(_ site: TestSite, _ title: String, slug: String? = nil, body: String = "We write.", status: PostStatus = .published) async throws {
        var draft = PostDraft(title: title, slug: slug, bodyMarkdown: body, status: status, publishedAt: daysAgo(1), commentsOpen: false)
        draft.kind = .page
        try await site.add(draft)
    }

    @Test(arguments: TestPostgres.engines)
    func aPageIsAtItsSlugInTheNavigationAndSitemapButInNoFeed(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.navigation = [.init(label: "About", path: "/about")] }
        try await site.on(engine) { site in
            try await addPage(site, "About", body: "We **write**.")
            try await addPage(site, "Secret plans", status: .draft)
            try await site.add(PostDraft(title: "First post", bodyMarkdown: "Hello.", publishedAt: daysAgo(2)))
            try await site.test { client in
                let page = try await client.execute(uri: "/about", method: .get)
                #expect(page.status == .ok)
                #expect(page.text.contains(#"<h1 class="post-title">About</h1>"#) && page.text.contains("We <strong>write</strong>."))
                #expect(page.text.contains(#"<link rel="canonical" href="https://blog.example/about">"#))
                #expect(page.text.contains(#"<a href="/about""#), "the header's navigation links to it")
                #expect(try await client.execute(uri: "/secret-plans", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/posts/about", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/no-such-page", method: .get).status == .notFound)
                let front = try await client.execute(uri: "/", method: .get).text
                #expect(front.contains("First post") && !front.contains(#"href="/about">About</a></h2>"#) && !front.contains("/posts/about"))
                for feed in ["/feed.xml", "/rss.xml", "/feed.json"] {
                    #expect(!(try await client.execute(uri: feed, method: .get).text.contains("/about")), "\(feed)")
                }
                let sitemap = try await client.execute(uri: "/sitemap.xml", method: .get).text
                #expect(sitemap.contains("<loc>https://blog.example/about</loc><lastmod>") && !sitemap.contains("secret-plans"))
                let search = try await client.execute(uri: "/search?q=write", method: .get).text
                #expect(!search.contains("/posts/about"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func pagesThroughTheAPI(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let token = try await site.blog.tokens.create(name: "t", now: Date())
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            try await site.test { client in
                let created = try await client.execute(uri: "/api/pages", method: .post, headers: auth, body: ByteBuffer(string: #"{"title":"Contact","body_markdown":"Mail us.","status":"published"}"#))
                #expect(created.status == .created)
                #expect(created.headers[.location] == "/api/pages/contact")
                let page = try #require(try created.json()["page"] as? [String: Any])
                #expect(Set(page.keys) == ["id", "slug", "title", "url", "body_html", "updated_at", "body_markdown", "status"])
                #expect(page["url"] as? String == "https://blog.example/contact")
                let list = try await client.execute(uri: "/api/pages", method: .get)
                let pages = try #require(try list.json()["pages"] as? [[String: Any]])
                #expect(pages.count == 1 && Set(pages[0].keys) == ["id", "slug", "title", "url", "body_html", "updated_at"])
                #expect(try await client.execute(uri: "/api/pages/contact", method: .get).status == .ok)
                #expect(try await client.execute(uri: "/api/posts/contact", method: .get).status == .notFound, "a page is not a post")
                let reserved = try await client.execute(uri: "/api/pages", method: .post, headers: auth, body: ByteBuffer(string: #"{"title":"Mine","slug":"admin","body_markdown":"x"}"#))
                #expect(reserved.status == .unprocessableContent)
                #expect((try reserved.json()["errors"] as? [String: String])?["slug"] != nil)
                let tag = try #require(created.headers[.eTag])
                let stale = try await client.execute(uri: "/api/pages/contact", method: .put, headers: auth + [.ifMatch: "\"post-1-v9\""], body: ByteBuffer(string: #"{"title":"Contact","body_markdown":"New."}"#))
                #expect(stale.status == .preconditionFailed)
                let replaced = try await client.execute(uri: "/api/pages/contact", method: .put, headers: auth + [.ifMatch: tag], body: ByteBuffer(string: #"{"title":"Contact us","body_markdown":"New."}"#))
                #expect(replaced.status == .ok)
                #expect(try await client.execute(uri: "/api/pages/contact", method: .delete, headers: auth).status == .noContent)
                #expect(try await client.execute(uri: "/contact", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/api/pages", method: .post, body: ByteBuffer(string: "{}")).status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func anAdminWritesAPageAndAddsItToTheNavigation(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let editor = try await browser.get("/admin/pages/new").text
                #expect(editor.contains("New page") && !editor.contains(#"id="tags""#) && !editor.contains(#"id="published_at""#))
                let saved = try await browser.submit("/admin/pages", form: "/admin/pages/new", [("title", "About"), ("body_markdown", "Who we are."), ("action", "publish")])
                #expect(saved.status == .seeOther)
                #expect(try await browser.get("/admin/pages").text.contains(">About</a>"))
                #expect(!(try await browser.get("/admin/posts").text.contains(">About</a>")))
                let refused = try await browser.submit("/admin/pages", form: "/admin/pages/new", [("title", "Mine"), ("slug", "api"), ("body_markdown", "x"), ("action", "save")])
                #expect(refused.status == .unprocessableContent && refused.text.contains("is an address Quire uses itself"))
                #expect(try await client.execute(uri: "/about", method: .get).text.contains("Who we are."))
            }
        }
    }
}
