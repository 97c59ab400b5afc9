import Foundation
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireWeb
import Testing

/// Rendered answers are cached, and no answer is ever stale after a write: whoever makes it,
/// whatever it changes, and when the clock alone changes a page.
@Suite struct ResponseCacheTests {
    func comment(_ client: any TestClientProtocol, on slug: String, body: String) async throws -> TestResponse {
        let json = #"{"author_name":"Ann","author_email":"ann@example.com","body":"\#(body)"}"#
        return try await client.execute(uri: "/api/posts/\(slug)/comments", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
    }

    @Test func aCommentShowsAtOnceWhereverItsPostOrCountIsShown() async throws {
        let site = try TestSite { $0.comments.moderation = .open }
        try await site.add(PostDraft(title: "Alpha", bodyMarkdown: "First.", publishedAt: daysAgo(2)))
        try await site.add(PostDraft(title: "Beta", bodyMarkdown: "Second.", publishedAt: daysAgo(1)))
        try await site.test { client in
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

    @Test func aScheduledPostAppearsWhenItsTimeComesWithoutAnyWrite() async throws {
        let site = try TestSite()
        try await site.add(PostDraft(title: "Now", bodyMarkdown: "x", publishedAt: daysAgo(1)))
        try await site.add(PostDraft(title: "Soon", bodyMarkdown: "y", status: .scheduled, publishedAt: Date().addingTimeInterval(1.5)))
        try await site.test { client in
            #expect(!(try await client.execute(uri: "/", method: .get).text.contains("Soon")))
            #expect(!(try await client.execute(uri: "/", method: .get).text.contains("Soon")))
            try await Task.sleep(for: .seconds(2))
            #expect(try await client.execute(uri: "/", method: .get).text.contains("Soon"))
        }
    }

    /// `quire import` and other commands write through connections of their own.
    @Test func aWriteFromAnotherConnectionShowsOnTheNextRequest() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("quire.sqlite").path
        let server = try AppDatabase.open(path: path)
        let other = try AppDatabase.open(path: path)
        let otherPosts = PostStore(database: other, defaultAuthor: "Ann")
        let post = try await otherPosts.create(PostDraft(title: "Existing", bodyMarkdown: "x", publishedAt: daysAgo(1)), now: Date())
        var config = QuireConfig()
        config.comments.moderation = .open
        let settings = config.comments
        let router = try await buildRouter(config: config, database: server)
        try await Application(router: router).test(.router) { client in
            #expect(!(try await client.execute(uri: "/", method: .get).text.contains("Imported")))
            _ = try await otherPosts.create(PostDraft(title: "Imported", bodyMarkdown: "y", publishedAt: Date()), now: Date())
            #expect(try await client.execute(uri: "/", method: .get).text.contains("Imported"))

            #expect(!(try await client.execute(uri: "/posts/existing", method: .get).text.contains("From elsewhere")))
            let draft = CommentDraft(authorName: "Bo", authorEmail: "bo@example.com", authorURL: nil, body: "From elsewhere", parentID: nil, clientHash: "x", userAgent: "")
            _ = try await CommentStore(database: other, settings: settings).submit(draft, to: post.post, now: Date())
            #expect(try await client.execute(uri: "/posts/existing", method: .get).text.contains("From elsewhere"))
        }
    }
}
