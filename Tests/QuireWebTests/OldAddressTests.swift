import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

/// After `quire import-wordpress`, every old address answers a 301 to its new one.
@Suite struct OldAddressTests {
    static func item(_ id: Int, type: String, title: String, slug: String, link: String, status: String = "publish") -> String {
        """
        <item><title>\(title)</title><link>\(link)</link><dc:creator>ann</dc:creator>
          <content:encoded><![CDATA[Text of \(title).]]></content:encoded><excerpt:encoded></excerpt:encoded>
          <wp:post_id>\(id)</wp:post_id><wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt>
          <wp:comment_status>open</wp:comment_status><wp:post_name>\(slug)</wp:post_name>
          <wp:status>\(status)</wp:status><wp:post_type>\(type)</wp:post_type>
          <category domain="category" nicename="travel"><![CDATA[Travel]]></category></item>
        """
    }

    static let export = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel><title>Old</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
          <wp:base_site_url>https://old.example</wp:base_site_url>
          \(item(12, type: "post", title: "Fjords", slug: "fjords", link: "https://old.example/2024/05/01/fjords/"))
          \(item(13, type: "post", title: "Café", slug: "caf%c3%a9", link: "https://old.example/2024/05/02/caf%c3%a9/"))
          \(item(40, type: "page", title: "Team", slug: "team", link: "https://old.example/about/team/"))
          \(item(41, type: "page", title: "Admin", slug: "admin", link: "https://old.example/admin-notes/"))
          \(item(50, type: "post", title: "Unfinished", slug: "unfinished", link: "https://old.example/?p=50", status: "draft"))
        </channel></rss>
        """

    @Test func everyOldAddressAnswersAMovedPermanently() async throws {
        let site = try TestSite()
        _ = try await WordPressImporter(database: site.database, defaultAuthor: "Ann").importExport(Data(Self.export.utf8), now: Date())
        try await site.test { client in
            let expected = [
                ("/?p=12", "/posts/fjords"),
                ("/?page_id=40", "/team"),
                ("/?p=40", "/team"),
                ("/2024/05/01/fjords/", "/posts/fjords"),
                ("/2024/05/01/fjords", "/posts/fjords"),
                ("/2024/05/02/caf%C3%A9/", "/posts/cafe"),
                ("/about/team/", "/team"),
                ("/admin-notes/", "/admin-2"),
                ("/feed/", "/feed.xml"),
                ("/category/travel/", "/tags/travel"),
                ("/tag/travel/", "/tags/travel"),
                ("/category/news/travel/feed/", "/tags/travel/feed.xml"),
                ("/tag/travel/page/2/", "/tags/travel?page=2"),
            ]
            for (old, new) in expected {
                let response = try await client.execute(uri: old, method: .get)
                #expect(response.status == .movedPermanently, "\(old)")
                #expect(response.headers[.location] == new, "\(old)")
            }
            #expect(try await client.execute(uri: "/team", method: .get).status == .ok)
            // A draft's address stays private; an unknown one is not found; the front page stays.
            #expect(try await client.execute(uri: "/?p=50", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/2024/05/03/nothing/", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/tag/a%0D%0ASet-Cookie:%20x=1/", method: .get).status == .notFound, "only a slug goes into a Location")
            #expect(try await client.execute(uri: "/category/travel/page/two/", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/", method: .get).status == .ok)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aFeedEntrysIdLeadsToItsPost(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let post = try await site.add(PostDraft(title: "Native", bodyMarkdown: "Hi.", publishedAt: daysAgo(1)))
            try await site.test { client in
                let response = try await client.execute(uri: "/?p=\(post.post.id ?? 0)", method: .get)
                #expect(response.status == .movedPermanently && response.headers[.location] == "/posts/native")
            }
        }
    }
}
