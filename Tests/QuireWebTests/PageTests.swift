import Foundation
import GRDB
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct PageTests {
    @Test(arguments: TestPostgres.engines)
    func postPageHasTheStructureOfTheSpec(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.supportBlockMarkdown = "Enjoyed this? **Buy me a coffee** at [ko-fi](https://ko-fi.com/x)." }
        try await site.on(engine) { site in
            try await site.add(PostDraft(
                title: "Fjords & <Friends>",
                bodyMarkdown: "We went *north*.\n\nIt was cold.",
                tags: ["Travel", "Norway"],
                publishedAt: Date(timeIntervalSince1970: 1_714_557_600),
                featuredImage: FeaturedImage(url: "/static/images/welcome.png", alt: "A fjord \"at dawn\"", caption: "Near Bergen"),
                authorName: "Ann Author"
            ))
            try await site.test { client in
                let response = try await client.execute(uri: "/posts/fjords-friends", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = response.text
                #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
                #expect(html.contains("<title>Fjords &amp; &lt;Friends&gt; – Quire</title>"))
                #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
                #expect(html.contains("<link rel=\"canonical\" href=\"https://blog.example/posts/fjords-friends\">"))
                #expect(html.contains("<meta property=\"og:title\" content=\"Fjords &amp; &lt;Friends&gt;\">"))
                #expect(html.contains("<meta property=\"og:type\" content=\"article\">"))
                #expect(html.contains("<meta property=\"og:url\" content=\"https://blog.example/posts/fjords-friends\">"))
                #expect(html.contains("<meta property=\"og:description\" content=\"We went north.\">"))
                #expect(html.contains("<meta property=\"og:image\" content=\"https://blog.example/static/images/welcome.png\">"))
                #expect(html.contains(#"<meta property="og:site_name" content="Quire">"#))
                #expect(html.contains(#"<meta property="article:published_time" content="2024-05-01T10:00:00Z">"#))
                #expect(html.contains(#"<meta property="article:modified_time" content=""#))
                #expect(html.contains(#"<meta property="article:tag" content="Norway">"#) && html.contains(#"<meta property="article:tag" content="Travel">"#))
                #expect(html.contains(#"<meta name="twitter:card" content="summary_large_image">"#))
                #expect(html.contains(#"<meta name="twitter:image" content="https://blog.example/static/images/welcome.png">"#))
                #expect(html.contains(#"<meta name="description" content="We went north.">"#))
                #expect(html.contains(#""mainEntityOfPage":"https://blog.example/posts/fjords-friends""#))
                #expect(html.contains(#""keywords":["Norway","Travel"]"#))
                #expect(html.contains("\"@type\":\"BlogPosting\""))
                #expect(html.contains("\"headline\":\"Fjords \\u0026 \\u003cFriends\\u003e\""))
                #expect(!html.contains("<Friends>"))

                let order = [
                    "<header class=\"site-header\">",
                    "<article class=\"post\">",
                    "<h1 class=\"post-title\">Fjords &amp; &lt;Friends&gt;</h1>",
                    "<time datetime=\"2024-05-01T10:00:00Z\">May 1, 2024</time>",
                    "<span class=\"author-name\">Ann Author</span>",
                    "<a href=\"/tags/norway\" rel=\"tag\">Norway</a>",
                    "<a href=\"/tags/travel\" rel=\"tag\">Travel</a>",
                    "<figure class=\"featured-image\">",
                    "<img src=\"/static/images/welcome.png\" alt=\"A fjord &quot;at dawn&quot;\" fetchpriority=\"high\">",
                    "<figcaption>Near Bergen</figcaption>",
                    "<p>We went <em>north</em>.</p><p>It was cold.</p>",
                    "<aside class=\"support-block\">",
                    "<strong>Buy me a coffee</strong>",
                    "</article>",
                ]
                var position = html.startIndex
                for fragment in order {
                    let found = html.range(of: fragment, range: position..<html.endIndex)
                    #expect(found != nil, "missing or out of order: \(fragment)")
                    if let found { position = found.upperBound }
                }
            }
        }
    }

    /// The theme escapes with `HTMLEscapedContent` in every template, partials and sections
    /// included: all five characters, and a quote that a combining mark follows.
    @Test(arguments: TestPostgres.engines)
    func everyTemplateEscapesTheFiveCharacters(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "\"Tom\" & 'Jerry' <3", bodyMarkdown: "Text", tags: ["O'Brien \"\u{301}x"]))
            try await site.test { client in
                let html = try await client.execute(uri: "/posts/tom-jerry-3", method: .get).text
                #expect(html.contains("<h1 class=\"post-title\">&quot;Tom&quot; &amp; &#39;Jerry&#39; &lt;3</h1>"))
                #expect(html.contains("<title>&quot;Tom&quot; &amp; &#39;Jerry&#39; &lt;3 – Quire</title>"))
                #expect(html.contains("rel=\"tag\">O&#39;Brien &quot;\u{301}x</a>"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func postWithoutImageOrSupportBlockHasNeither(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Plain", bodyMarkdown: "Text"))
            try await site.test { client in
                let html = try await client.execute(uri: "/posts/plain", method: .get).text
                #expect(!html.contains("<figure"))
                #expect(!html.contains("og:image"))
                #expect(html.contains(#"<meta name="twitter:card" content="summary">"#))
                #expect(!html.contains("support-block"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func draftsScheduledAndUnknownSlugsAre404Pages(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Draft", bodyMarkdown: "x", status: .draft))
            try await site.add(PostDraft(title: "Later", bodyMarkdown: "x", publishedAt: Date().addingTimeInterval(3600)))
            try await site.test { client in
                for uri in ["/posts/draft", "/posts/later", "/posts/nothing", "/no/such/page"] {
                    let response = try await client.execute(uri: uri, method: .get)
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.text.contains("<h1>Page not found</h1>"))
                    #expect(response.text.contains("<html lang=\"en\">"))
                }
                let index = try await client.execute(uri: "/", method: .get).text
                #expect(!index.contains("Draft") && !index.contains("Later"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func frontPageListsNewestFirstAndPages(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.postsPerPage = 2 }
        try await site.on(engine) { site in
            for index in 1...5 {
                try await site.add(PostDraft(title: "Post \(index)", bodyMarkdown: "Excerpt \(index).", tags: ["T\(index)"], publishedAt: daysAgo(Double(10 - index))))
            }
            try await site.test { client in
                let first = try await client.execute(uri: "/", method: .get)
                #expect(first.status == .ok)
                let html = first.text
                let five = try #require(html.range(of: "<a href=\"/posts/post-5\">Post 5</a>"))
                let four = try #require(html.range(of: "<a href=\"/posts/post-4\">Post 4</a>"))
                #expect(five.lowerBound < four.lowerBound)
                #expect(!html.contains("Post 3"))
                #expect(html.contains("<p class=\"post-excerpt\">Excerpt 5.</p>"))
                #expect(html.contains("<a href=\"/tags/t5\" rel=\"tag\">T5</a>"))
                #expect(html.contains("<time datetime="))
                #expect(html.contains("href=\"/?page=2\" rel=\"next\""))
                #expect(html.contains("<link rel=\"canonical\" href=\"https://blog.example/\">"))

                let third = try await client.execute(uri: "/?page=3", method: .get)
                #expect(third.status == .ok)
                #expect(third.text.contains("Post 1"))
                #expect(third.text.contains("href=\"/?page=2\" rel=\"prev\""))
                #expect(!third.text.contains("rel=\"next\""))
                #expect(third.text.contains("<link rel=\"canonical\" href=\"https://blog.example/?page=3\">"))

                for uri in ["/?page=4", "/?page=0", "/?page=-1", "/?page=abc", "/?page=9223372036854775807", "/?page=99999999999999999999"] {
                    #expect(try await client.execute(uri: uri, method: .get).status == .notFound, "\(uri)")
                }
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func emptyBlogFrontPageSaysSo(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/", method: .get)
                #expect(response.status == .ok)
                #expect(response.text.contains("No posts yet."))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func tagPageListsOnlyThatTagAndPages(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.postsPerPage = 1 }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Swift one", bodyMarkdown: "x", tags: ["Swift"], publishedAt: daysAgo(2)))
            try await site.add(PostDraft(title: "Swift two", bodyMarkdown: "x", tags: ["Swift"], publishedAt: daysAgo(1)))
            try await site.add(PostDraft(title: "Rust one", bodyMarkdown: "x", tags: ["Rust"]))
            try await site.add(PostDraft(title: "Only draft", bodyMarkdown: "x", tags: ["Hidden"], status: .draft))
            try await site.test { client in
                let first = try await client.execute(uri: "/tags/swift", method: .get)
                #expect(first.status == .ok)
                #expect(first.text.contains("Posts tagged “Swift”"))
                #expect(first.text.contains("Swift two"))
                #expect(!first.text.contains("Rust one"))
                #expect(first.text.contains("href=\"/tags/swift?page=2\""))
                #expect(try await client.execute(uri: "/tags/swift?page=2", method: .get).text.contains("Swift one"))
                #expect(try await client.execute(uri: "/tags/swift?page=3", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/tags/nothing", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/tags/hidden", method: .get).status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func healthz(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/healthz", method: .get)
                #expect(response.status == .ok)
                #expect(response.text == #"{"status":"ok"}"#)
            }
        }
    }

    @Test func healthzIs503WhenTheDatabaseCannotServePosts() async throws {
        let site = try TestSite()
        try await site.test { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            try await site.database.writer.write { db in try db.execute(sql: "DROP TABLE post_tag; DROP TABLE post") }
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.text == #"{"status":"unavailable"}"#)
        }
    }
}
