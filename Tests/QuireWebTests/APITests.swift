import Foundation
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct APITests {
    static let summaryKeys: Set<String> = [
        "id", "slug", "title", "excerpt", "url", "published_at", "updated_at", "tags", "featured_image", "author", "comment_count",
    ]

    @Test(arguments: TestPostgres.engines)
    func listHasExactlyThePostSummaryKeys(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(
                title: "With image", bodyMarkdown: "Body.", tags: ["B", "a"], publishedAt: daysAgo(1),
                featuredImage: FeaturedImage(url: "/static/images/welcome.png", alt: "Alt", caption: nil)
            ))
            try await site.add(PostDraft(title: "Plain", bodyMarkdown: "Body."))
            try await site.add(PostDraft(title: "Draft", bodyMarkdown: "Body.", status: .draft))
            try await site.test { client in
                let response = try await client.execute(uri: "/api/posts", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let json = try response.json()
                #expect(Set(json.keys) == ["posts", "next_cursor"])
                #expect(json["next_cursor"] is NSNull)
                let posts = try #require(json["posts"] as? [[String: Any]])
                #expect(posts.count == 2)
                for post in posts { #expect(Set(post.keys) == Self.summaryKeys) }
                #expect(posts[0]["slug"] as? String == "plain")
                #expect(posts[0]["featured_image"] is NSNull)
                #expect(posts[0]["url"] as? String == "https://blog.example/posts/plain")
                #expect((posts[0]["author"] as? [String: String]) == ["name": "Quire"])
                #expect(posts[0]["comment_count"] as? Int == 0)
                let image = try #require(posts[1]["featured_image"] as? [String: Any])
                #expect(image["url"] as? String == "/static/images/welcome.png")
                #expect(image["alt"] as? String == "Alt")
                #expect(image["caption"] is NSNull)
                #expect(posts[1]["tags"] as? [String] == ["a", "B"])
                let published = try #require(posts[1]["published_at"] as? String)
                #expect(published.hasSuffix("Z") && published.count == 20)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func cursorWalksEveryPostOnce(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let shared = daysAgo(1)
            for index in 0..<7 { try await site.add(PostDraft(title: "P\(index)", bodyMarkdown: "x", publishedAt: shared)) }
            try await site.test { client in
                var slugs: [String] = []
                var uri = "/api/posts?limit=3"
                while true {
                    let json = try await client.execute(uri: uri, method: .get).json()
                    slugs += (json["posts"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
                    guard let next = json["next_cursor"] as? String else { break }
                    uri = "/api/posts?limit=3&cursor=\(next)"
                }
                #expect(slugs.count == 7)
                #expect(Set(slugs).count == 7)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func tagFilter(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "A", bodyMarkdown: "x", tags: ["Swift"]))
            try await site.add(PostDraft(title: "B", bodyMarkdown: "x", tags: ["Rust"]))
            try await site.test { client in
                let json = try await client.execute(uri: "/api/posts?tag=swift", method: .get).json()
                #expect((json["posts"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } == ["a"])
                let none = try await client.execute(uri: "/api/posts?tag=nothing", method: .get).json()
                #expect((none["posts"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test(arguments: ["limit=0", "limit=101", "limit=ten", "limit=", "cursor=nope", "cursor=MjAyNnwx", "limit=5&cursor=%00"])
    func badLimitOrCursorIs400Problem(query: String) async throws {
        try await TestSite().test { client in
            let response = try await client.execute(uri: "/api/posts?\(query)", method: .get)
            #expect(response.status == .badRequest, "\(query)")
            #expect(response.headers[.contentType] == "application/problem+json")
            let json = try response.json()
            #expect(Set(json.keys) == ["type", "title", "status", "detail"])
            #expect(json["status"] as? Int == 400)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func statusFilterNeedsAToken(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/api/posts?status=draft", method: .get)
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func singlePostHasPostKeys(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "One", bodyMarkdown: "*Hi*", commentsOpen: false))
            try await site.add(PostDraft(title: "Hidden", bodyMarkdown: "x", status: .draft))
            try await site.test { client in
                let response = try await client.execute(uri: "/api/posts/one", method: .get)
                #expect(response.status == .ok)
                let post = try #require(try response.json()["post"] as? [String: Any])
                #expect(Set(post.keys) == Self.summaryKeys.union(["body_html", "comments_open"]))
                #expect(post["body_html"] as? String == "<p><em>Hi</em></p>")
                #expect(post["comments_open"] as? Bool == false)

                for uri in ["/api/posts/hidden", "/api/posts/none"] {
                    let missing = try await client.execute(uri: uri, method: .get)
                    #expect(missing.status == .notFound)
                    #expect(missing.headers[.contentType] == "application/problem+json")
                    #expect(try missing.json()["status"] as? Int == 404)
                }
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func tagsWithCounts(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "A", bodyMarkdown: "x", tags: ["Swift", "Server"]))
            try await site.add(PostDraft(title: "B", bodyMarkdown: "x", tags: ["Swift"]))
            try await site.add(PostDraft(title: "C", bodyMarkdown: "x", tags: ["Secret"], status: .draft))
            try await site.test { client in
                let json = try await client.execute(uri: "/api/tags", method: .get).json()
                let tags = try #require(json["tags"] as? [[String: Any]])
                #expect(tags.count == 2)
                for tag in tags { #expect(Set(tag.keys) == ["name", "slug", "post_count"]) }
                #expect(tags.map { "\($0["slug"] ?? ""):\($0["post_count"] ?? "")" } == ["server:1", "swift:2"])
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func unknownAPIRouteIs404Problem(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                for uri in ["/api/nothing", "/api", "/api/posts/a/b/c"] {
                    let response = try await client.execute(uri: uri, method: .get)
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let json = try response.json()
                    #expect(json["type"] as? String == "about:blank")
                    #expect(json["title"] as? String == "Not Found")
                }
            }
        }
    }

    @Test(arguments: [
        ("/api/tags", "GET, HEAD", [HTTPRequest.Method.post, .put, .patch, .delete]),
        ("/api/posts/x", "GET, PUT, DELETE, HEAD", [.post, .patch]),
        ("/api/posts/x/related", "GET, HEAD", [.post, .put, .patch, .delete]),
    ])
    func wrongMethodIs405WithAllow(uri: String, allow: String, methods: [HTTPRequest.Method]) async throws {
        try await TestSite().test { client in
            for method in methods {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func headIsAnsweredForGetRoutes(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let response = try await client.execute(uri: "/api/tags", method: .head)
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
        }
    }
}
