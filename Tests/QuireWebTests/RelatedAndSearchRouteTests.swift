import Foundation
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct RelatedAndSearchRouteTests {
    /// Runs `body` with a blog of four public posts (three about the garden) and a draft, on the engine.
    func seeded(_ engine: DatabaseEngine, relatedPosts: Int = 3, _ body: @Sendable (TestSite) async throws -> Void) async throws {
        try await TestSite { $0.relatedPosts = relatedPosts }.on(engine) { site in
            try await site.add(PostDraft(title: "Growing tomatoes", bodyMarkdown: "Tomatoes want sun, compost and water.", tags: ["Garden"], publishedAt: daysAgo(3)))
            try await site.add(PostDraft(title: "Compost basics", bodyMarkdown: "Compost feeds tomatoes and herbs.", tags: ["Garden"], publishedAt: daysAgo(2)))
            try await site.add(PostDraft(title: "Herbs on the sill", bodyMarkdown: "Basil wants sun and water.", tags: ["Garden"], publishedAt: daysAgo(1)))
            try await site.add(PostDraft(title: "Kernel modules", bodyMarkdown: "Loading drivers at boot.", tags: ["Linux"]))
            try await site.add(PostDraft(title: "Tomato secrets", bodyMarkdown: "tomatoes compost sun water", tags: ["Garden"], status: .draft))
            try await body(site)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func postPageEndsWithRelatedPostsAfterTheComments(engine: DatabaseEngine) async throws {
        try await seeded(engine, relatedPosts: 2) { site in
            try await site.test { client in
                let html = try await client.execute(uri: "/posts/growing-tomatoes", method: .get).text
                let comments = try #require(html.range(of: #"<section id="comments""#))
                let related = try #require(html.range(of: #"<section id="related-posts" class="related-posts">"#))
                #expect(comments.upperBound < related.lowerBound)
                let section = html[related.lowerBound...]
                #expect(section.components(separatedBy: #"<article class="related-post">"#).count - 1 == 2)
                #expect(section.contains(#"<a href="/posts/compost-basics">Compost basics</a>"#))
                #expect(section.contains("<time datetime="))
                #expect(section.contains(#"<p class="post-excerpt">Compost feeds tomatoes and herbs.</p>"#))
                #expect(!section.contains("Tomato secrets"))
                #expect(!section.contains("Kernel modules"))
                #expect(!section.contains(#"href="/posts/growing-tomatoes""#))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func relatedAPIMatchesThePageWithScores(engine: DatabaseEngine) async throws {
        try await seeded(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/api/posts/growing-tomatoes/related", method: .get)
                #expect(response.status == .ok)
                let items = try #require(try response.json()["related"] as? [[String: Any]])
                #expect(items.count == 2)
                #expect(Set(items[0].keys) == APITests.summaryKeys.union(["score"]))
                let scores = items.compactMap { $0["score"] as? Double }
                #expect(scores.count == 2 && scores.allSatisfy { $0 > 0 } && scores == scores.sorted(by: >))
                let html = try await client.execute(uri: "/posts/growing-tomatoes", method: .get).text
                let pageOrder = items.compactMap { $0["slug"] as? String }.compactMap { html.range(of: #"<a href="/posts/\#($0)">"#)?.lowerBound }
                #expect(pageOrder.count == 2 && pageOrder == pageOrder.sorted())

                let one = try await client.execute(uri: "/api/posts/growing-tomatoes/related?limit=1", method: .get).json()
                #expect((one["related"] as? [Any])?.count == 1)
                for bad in ["0", "21", "x"] {
                    #expect(try await client.execute(uri: "/api/posts/growing-tomatoes/related?limit=\(bad)", method: .get).status == .badRequest)
                }
                #expect(try await client.execute(uri: "/api/posts/tomato-secrets/related", method: .get).status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func searchPageRanksHighlightsAndPages(engine: DatabaseEngine) async throws {
        try await seeded(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/search?q=tomatoes", method: .get)
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("2 posts match “tomatoes”."))
                #expect(html.contains("<mark>Tomatoes</mark>") || html.contains("<mark>tomatoes</mark>"))
                let first = try #require(html.range(of: "Growing tomatoes</a>"))
                let second = try #require(html.range(of: "Compost basics</a>"))
                #expect(first.lowerBound < second.lowerBound)
                #expect(!html.contains("Tomato secrets"))
                #expect(html.contains(#"<input id="site-search-q" type="search" name="q" value="tomatoes""#))

                let empty = try await client.execute(uri: "/search", method: .get)
                #expect(empty.status == .ok && empty.text.contains("Type words to find"))
                let none = try await client.execute(uri: "/search?q=%22%2A%22", method: .get)
                #expect(none.status == .ok && none.text.contains("No posts match"))
                #expect(try await client.execute(uri: "/search?q=tomatoes&page=9", method: .get).status == .notFound)
                let hostile = try await client.execute(uri: "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", method: .get)
                #expect(hostile.status == .ok && !hostile.text.contains("<script>alert"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func apiQueryFiltersPosts(engine: DatabaseEngine) async throws {
        try await seeded(engine) { site in
            try await site.test { client in
                let json = try await client.execute(uri: "/api/posts?q=compost", method: .get).json()
                let slugs = (json["posts"] as? [[String: Any]])?.compactMap { $0["slug"] as? String }
                #expect(slugs == ["compost-basics", "growing-tomatoes"])
                for hostile in ["%22", "%2A", "NEAR(", "a%20OR", "%E6%97%A5%E6%9C%AC"] {
                    let response = try await client.execute(uri: "/api/posts?q=\(hostile)", method: .get)
                    #expect(response.status == .ok, "\(hostile)")
                }
            }
        }
    }
}
