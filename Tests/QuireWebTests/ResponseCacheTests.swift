import Foundation
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import QuireWeb
import Testing

/// Rendered answers are cached, and no answer is ever stale after a write: whoever makes it,
/// whatever it changes, and when the clock alone changes a page.
@Suite struct ResponseCacheTests {
    func comment(_ client: any TestClientProtocol, on slug: String, body: String) async throws -> TestResponse {
        let json = #"{"author_name":"Ann","author_email":"ann@example.com","body":"\#(body)"}"#
        return try await client.execute(uri: "/api/posts/\(slug)/comments", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    @Test(arguments: TestPostgres.engines)
    func aCommentShowsAtOnceWhereverItsPostOrCountIsShown(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.comments.moderation = .open }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Alpha", bodyMarkdown: "First.", publishedAt: daysAgo(2)))
            try await site.add(PostDraft(title: "Beta", bodyMarkdown: "Second.", publishedAt: daysAgo(1)))
            try await site.test { client async throws in
                let uris = ["/posts/alpha", "/posts/beta", "/", "/api/posts", "/api/posts/alpha", "/api/posts/alpha/comments"]
                for uri in uris {
                    #expect(try await client.execute(uri: uri, method: .get).status == .ok)
                }
                let beta = try await client.execute(uri: "/posts/beta", method: .get).text
                #expect(try await comment(client, on: "alpha", body: "Fresh words").status == .created)

                #expect(try await client.execute(uri: "/posts/alpha", method: .get).text.contains("Fresh words"))
                #expect(try await client.execute(uri: "/", method: .get).text.contains("1 comment"))
                let list = try await client.execute(uri: "/api/posts", method: .get).json()["posts"] as? [[String: Any]]
                #expect(list?.first { $0["slug"] as? String == "alpha" }?["comment_count"] as? Int == 1)
                let post = try await client.execute(uri: "/api/posts/alpha", method: .get).json()["post"] as? [String: Any]
                #expect(post?["comment_count"] as? Int == 1)
                #expect(try await client.execute(uri: "/api/posts/alpha/comments", method: .get).text.contains("Fresh words"))
                // The other post's page did not read Alpha's comments; it is the same page as before.
                #expect(try await client.execute(uri: "/posts/beta", method: .get).text == beta)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aScheduledPostAppearsWhenItsTimeComesWithoutAnyWrite(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Now", bodyMarkdown: "x", publishedAt: daysAgo(1)))
            try await site.add(PostDraft(title: "Soon", bodyMarkdown: "y", status: .scheduled, publishedAt: site.clock.now.addingTimeInterval(60)))
            try await site.test { client async throws in
                #expect(!(try await client.execute(uri: "/", method: .get).text.contains("Soon")))
                site.clock.advance(by: 59)
                #expect(!(try await client.execute(uri: "/", method: .get).text.contains("Soon")))
                site.clock.advance(by: 1)
                #expect(try await client.execute(uri: "/", method: .get).text.contains("Soon"))
                #expect(try await client.execute(uri: "/posts/soon", method: .get).status == .ok)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func commentsCloseWhenTheirTimeComesWithoutAnyWrite(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.comments.closeCommentsAfterDays = 2 }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Aging", bodyMarkdown: "x", publishedAt: site.clock.now.addingTimeInterval(-2 * 86_400 + 30)))
            try await site.test { client async throws in
                #expect(try await client.execute(uri: "/posts/aging", method: .get).text.contains("id=\"commentform\""))
                site.clock.advance(by: 31)
                let page = try await client.execute(uri: "/posts/aging", method: .get).text
                #expect(!page.contains("id=\"commentform\""))
                #expect(page.contains("Comments are closed."))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func thePostPageCarriesANewFormTokenWhenItsWindowTurns(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let post = try await site.add(PostDraft(title: "Tokens", bodyMarkdown: "x", publishedAt: daysAgo(1)))
            let postID = try #require(post.post.id)
            let secret = try await SiteSecret.load(configured: site.config.secret, settings: site.blog.settings)
            let tokens = FormTokens(secret: secret)
            try await site.test { client async throws in
                let first = try await client.formToken(slug: "tokens")
                #expect(first == tokens.token(postID: postID, now: site.clock.now))
                site.clock.advance(by: FormTokens.nextWindowStart(after: site.clock.now).timeIntervalSince(site.clock.now))
                let second = try await client.formToken(slug: "tokens")
                #expect(second != first)
                #expect(second == tokens.token(postID: postID, now: site.clock.now))
            }
        }
    }

    /// `quire import` and other commands write through connections of their own.
    @Test func aWriteFromAnotherConnectionShowsOnTheNextRequest() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("quire.sqlite").path
        let server = try AppDatabase.open(path: path)
        let other = try AppDatabase.open(path: path)
        let clock = ManualClock(Date())
        let otherPosts = SQLitePostStore(database: other, defaultAuthor: "Ann")
        let post = try await otherPosts.create(PostDraft(title: "Existing", bodyMarkdown: "x", publishedAt: daysAgo(1)), now: clock.now)
        var config = QuireConfig()
        config.comments.moderation = .open
        let settings = config.comments
        let router = buildRouter(services: try await QuireServices(config: config, store: .sqlite(server), clock: clock.wallClock))
        try await Application(router: router).test(.router) { client in
            #expect(!(try await client.execute(uri: "/", method: .get).text.contains("Imported")))
            _ = try await otherPosts.create(PostDraft(title: "Imported", bodyMarkdown: "y", publishedAt: clock.now), now: clock.now)
            #expect(try await client.execute(uri: "/", method: .get).text.contains("Imported"))

            #expect(!(try await client.execute(uri: "/posts/existing", method: .get).text.contains("From elsewhere")))
            let draft = CommentDraft(authorName: "Bo", authorEmail: "bo@example.com", authorURL: nil, body: "From elsewhere", parentID: nil, clientHash: "x", origin: .api, userAgent: "")
            let outcome = try await SQLiteCommentStore(database: other, settings: settings).submit(draft, to: post.post, now: clock.now)
            #expect(outcome.comment?.status == .approved)
            #expect(try await client.execute(uri: "/posts/existing", method: .get).text.contains("From elsewhere"))
        }
    }
}
