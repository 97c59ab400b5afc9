import Foundation
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import QuireWeb
import Testing

@Suite struct FeedAndSitemapTests {
    /// Runs `body` with a blog of 22 public posts, a draft and a scheduled post, on the engine.
    func blog(_ engine: DatabaseEngine, _ body: @Sendable (TestSite) async throws -> Void) async throws {
        try await TestSite().on(engine) { site in
            for index in 1...22 {
                try await site.add(PostDraft(
                    title: "Post \(index) & <friends>", bodyMarkdown: "Body \(index) with an ![image](/static/images/welcome.png) and [a link](/posts/post-1).",
                    tags: index.isMultiple(of: 2) ? ["Even"] : ["Odd"], publishedAt: daysAgo(Double(30 - index))
                ))
            }
            try await site.add(PostDraft(title: "Draft", bodyMarkdown: "x", tags: ["Secret"], status: .draft))
            try await site.add(PostDraft(title: "Scheduled", bodyMarkdown: "x", publishedAt: Date().addingTimeInterval(3600)))
            try await body(site)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func atomFeedHasTheNewest20PostsWithFullContentAndStableIDs(engine: DatabaseEngine) async throws {
        try await blog(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/feed.xml", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/atom+xml; charset=utf-8")
                #expect(response.headers[.lastModified] != nil)
                let xml = ParsedXML(response.text)
                #expect(xml.isWellFormed)
                let entries = xml.all("entry")
                #expect(entries.count == 20)
                let titles = xml.texts("title").dropFirst()
                #expect(titles.first == "Post 22 & <friends>")
                #expect(!titles.contains("Post 1 & <friends>") && !titles.contains("Post 2 & <friends>"))
                #expect(!titles.contains("Draft") && !titles.contains("Scheduled"))
                let content = try #require(xml.texts("content").first)
                #expect(content.contains(#"<img src="https://blog.example/static/images/welcome.png""#))
                #expect(content.contains(#"href="https://blog.example/posts/post-1""#))
                #expect(xml.all("link").contains { $0.attributes["rel"] == "self" && $0.attributes["href"] == "https://blog.example/feed.xml" })
                let ids = xml.texts("id")
                #expect(ids.dropFirst().allSatisfy { $0.hasPrefix("https://blog.example/?p=") })

                let post22 = try #require(try await site.store.post(slug: "post-22-friends"))
                _ = try await site.store.update(slug: "post-22-friends", with: PostDraft(title: "Renamed", slug: "renamed", bodyMarkdown: "new", publishedAt: post22.post.publishedAt), now: Date())
                let after = ParsedXML(try await client.execute(uri: "/feed.xml", method: .get).text)
                #expect(after.texts("id") == ids)
                #expect(after.texts("title").dropFirst().first == "Renamed")
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func rssAndJSONFeedsHoldTheSameEntries(engine: DatabaseEngine) async throws {
        try await blog(engine) { site in
            try await site.test { client in
                let rss = try await client.execute(uri: "/rss.xml", method: .get)
                #expect(rss.headers[.contentType] == "application/rss+xml; charset=utf-8")
                let xml = ParsedXML(rss.text)
                #expect(xml.isWellFormed)
                #expect(xml.all("item").count == 20)
                #expect(xml.texts("guid").first == "https://blog.example/?p=22")
                #expect(xml.texts("pubDate").first?.hasSuffix("+0000") == true)
                #expect(xml.texts("content:encoded").first?.contains("<p>Body 22") == true)

                let json = try await client.execute(uri: "/feed.json", method: .get)
                #expect(json.headers[.contentType] == "application/feed+json; charset=utf-8")
                let feed = try json.json()
                #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
                #expect(feed["feed_url"] as? String == "https://blog.example/feed.json")
                let items = try #require(feed["items"] as? [[String: Any]])
                #expect(items.count == 20)
                #expect(items.first?["id"] as? String == "https://blog.example/?p=22")
                #expect(items.first?["url"] as? String == "https://blog.example/posts/post-22-friends")
                #expect((items.first?["content_html"] as? String)?.contains("Body 22") == true)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func tagFeedAndDiscoveryLinks(engine: DatabaseEngine) async throws {
        try await blog(engine) { site in
            try await site.test { client in
                let xml = ParsedXML(try await client.execute(uri: "/tags/even/feed.xml", method: .get).text)
                #expect(xml.isWellFormed)
                #expect(xml.all("entry").count == 11)
                #expect(try await client.execute(uri: "/tags/nothing/feed.xml", method: .get).status == .notFound)
                for uri in ["/", "/posts/post-1-friends", "/tags/even", "/search?q=x"] {
                    let html = try await client.execute(uri: uri, method: .get).text
                    #expect(html.contains(#"<link rel="alternate" type="application/atom+xml" title="Quire (Atom)" href="/feed.xml">"#), "\(uri)")
                    #expect(html.contains(#"type="application/rss+xml""#) && html.contains(#"type="application/feed+json""#))
                }
                #expect(try await client.execute(uri: "/tags/even", method: .get).text.contains(#"href="/tags/even/feed.xml""#))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func sitemapListsExactlyThePublicPostsAndTagPages(engine: DatabaseEngine) async throws {
        try await blog(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/sitemap.xml", method: .get)
                #expect(response.headers[.contentType] == "application/xml; charset=utf-8")
                let xml = ParsedXML(response.text)
                #expect(xml.isWellFormed)
                let locations = xml.texts("loc")
                #expect(locations.count == 1 + 2 + 22)
                #expect(locations.first == "https://blog.example/")
                #expect(Set(locations.filter { $0.contains("/tags/") }) == ["https://blog.example/tags/even", "https://blog.example/tags/odd"])
                #expect(!locations.contains { $0.contains("draft") || $0.contains("scheduled") || $0.contains("secret") })
                #expect(xml.texts("lastmod").count == 22)

                let robots = try await client.execute(uri: "/robots.txt", method: .get)
                #expect(robots.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(robots.text == "User-agent: *\nAllow: /\n\nSitemap: https://blog.example/sitemap.xml\n")
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func bigSitemapsBecomeAnIndexOfPages(engine: DatabaseEngine) async throws {
        try await blog(engine) { site in
            let router = buildRouter(services: try await site.services(sitemapPageSize: 10))
            try await Application(router: router).test(.router) { client in
                let index = ParsedXML(try await client.execute(uri: "/sitemap.xml", method: .get).text)
                #expect(index.all("sitemapindex").count == 1)
                #expect(index.texts("loc") == (1...3).map { "https://blog.example/sitemaps/\($0).xml" })
                var all: [String] = []
                for page in 1...3 {
                    let xml = ParsedXML(try await client.execute(uri: "/sitemaps/\(page).xml", method: .get).text)
                    #expect(xml.isWellFormed)
                    all += xml.texts("loc")
                }
                #expect(all.count == 25 && Set(all).count == 25)
                #expect(try await client.execute(uri: "/sitemaps/4.xml", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/sitemaps/x.xml", method: .get).status == .notFound)
            }
        }
    }
}
