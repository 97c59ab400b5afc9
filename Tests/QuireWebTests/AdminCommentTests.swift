import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct AdminCommentTests {
    /// A site with one post and three comments held for moderation.
    /// Runs `body` with a site holding every comment and three held comments on one post, on the engine.
    static func siteWithHeldComments(_ engine: DatabaseEngine, _ body: @Sendable (TestSite, [Int64]) async throws -> Void) async throws {
        try await TestSite { $0.comments.moderation = .holdAll }.on(engine) { site in
            let post = try await site.add(PostDraft(title: "Kites", bodyMarkdown: "x"))
            let store = site.blog.comments(settings: site.config.comments)
            var ids: [Int64] = []
            for (index, name) in ["Cy", "Di", "Ed"].enumerated() {
                let draft = CommentDraft(authorName: name, authorEmail: "\(name.lowercased())@example.com", body: "Comment \(index) <b>bold?</b>", clientHash: "c\(index)", origin: .api)
                guard case .stored(let comment) = try await store.submit(draft, to: post.post, now: site.clock.now) else { throw AdminTestError.noToken("comment") }
                ids.append(comment.id ?? 0)
            }
            try await body(site, ids)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theQueueApprovesOneOrManyAndCountsShowOnEveryPage(engine: DatabaseEngine) async throws {
        try await Self.siteWithHeldComments(engine) { site, ids in
            try await site.test { client async throws in
                let browser = try await AdminBrowser.signIn(client, site: site)
                let dashboard = try await browser.get("/admin").text
                #expect(dashboard.contains(#"<span class="badge">3<span class="visually-hidden"> waiting</span></span>"#))
                let queue = try await browser.get("/admin/comments").text
                #expect(queue.contains("Comment 0 &lt;b&gt;bold?&lt;/b&gt;") && queue.contains("cy@example.com"))
                let token = try await browser.csrfToken(on: "/admin/comments")
                let one = try await browser.post("/admin/comments/moderate", [("csrf_token", token), ("status", "pending"), ("one", "approve:\(ids[0])")])
                #expect(one.status == .seeOther && one.headers[.location] == "/admin/comments?status=pending&done=1")
                let page = try await client.execute(uri: "/posts/kites", method: .get).text
                #expect(page.contains("Comment 0") && !page.contains("Comment 1"))
                let bulk = try await browser.post("/admin/comments/moderate", [("csrf_token", token), ("status", "pending"), ("action", "spam"), ("ids", "\(ids[1])"), ("ids", "\(ids[2])")])
                #expect(bulk.headers[.location] == "/admin/comments?status=pending&done=2")
                #expect(try await browser.get("/admin/comments?status=spam").text.contains("Comment 2"))
                let deleted = try await browser.post("/admin/comments/moderate", [("csrf_token", token), ("status", "spam"), ("action", "delete"), ("ids", "\(ids[1])")])
                #expect(deleted.headers[.location] == "/admin/comments?status=spam&done=1")
                #expect(try await browser.post("/admin/comments/moderate", [("csrf_token", token), ("action", "explode"), ("ids", "\(ids[2])")]).status == .badRequest)
            }
            let statuses = try await site.blog.strings("SELECT status FROM comment ORDER BY id").compactMap { $0 }
            #expect(statuses == ["approved", "spam"])
        }
    }

    @Test(arguments: TestPostgres.engines)
    func anEditKeepsTheRulesAndAReplyIsPublishedAsTheAuthors(engine: DatabaseEngine) async throws {
        try await Self.siteWithHeldComments(engine) { site, ids in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site, name: "Ann Owner")
                let bad = try await browser.submit("/admin/comments/\(ids[0])", form: "/admin/comments/\(ids[0])", [("comment", "  "), ("author", "Cy"), ("url", "")])
                #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="comment-error""#))
                let fixed = try await browser.submit("/admin/comments/\(ids[0])", form: "/admin/comments/\(ids[0])", [("comment", "Fixed text"), ("author", "Cy"), ("url", "https://cy.example")])
                #expect(fixed.status == .seeOther)
                let reply = try await browser.submit("/admin/comments/\(ids[0])/reply", form: "/admin/comments/\(ids[0])", [("reply", "Thanks, Cy!")])
                #expect(reply.status == .seeOther)
                #expect(reply.headers[.location]?.hasPrefix("/posts/kites#comment-") == true)
                let page = try await client.execute(uri: "/posts/kites", method: .get).text
                // The comment answered was approved with the reply, which shows as the author's.
                #expect(page.contains("Fixed text") && page.contains("Thanks, Cy!"))
                #expect(page.contains(#"class="comment-item bypostauthor""#) && page.contains(#"<span class="comment-author-badge">Author</span>"#))
                #expect(!page.contains("ann@example.com"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func onlyAnAdminModerates(engine: DatabaseEngine) async throws {
        try await Self.siteWithHeldComments(engine) { site, ids in
            try await site.test { client async throws in
                let author = try await AdminBrowser.signIn(client, site: site, email: "bo@example.com", role: .author)
                #expect(try await author.get("/admin/comments").status == .forbidden)
                #expect(try await author.get("/admin/comments/\(ids[0])").status == .forbidden)
                let token = try await author.csrfToken(on: "/admin")
                #expect(try await author.post("/admin/comments/moderate", [("csrf_token", token), ("one", "approve:\(ids[0])")]).status == .forbidden)
                #expect(!(try await author.get("/admin").text.contains("/admin/comments")))
            }
            #expect(try await site.blog.integer("SELECT COUNT(*) FROM comment WHERE status = 'pending'") == 3)
        }
    }
}
