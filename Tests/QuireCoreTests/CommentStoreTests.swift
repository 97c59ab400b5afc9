import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite struct CommentStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// One test's blog, on one engine.
    struct Blog: Sendable {
        let database: BlogDatabase
        let now: Date

        var posts: any PostStore { database.posts(defaultAuthor: "Ann") }

        func store(_ configure: (inout QuireConfig.Comments) -> Void = { _ in }) -> any CommentStore {
            var settings = QuireConfig.Comments()
            configure(&settings)
            return database.comments(settings: settings)
        }

        func post(_ title: String = "Post", open: Bool = true, publishedAt: Date? = nil) async throws -> Post {
            try await posts.create(PostDraft(title: title, bodyMarkdown: "x", publishedAt: publishedAt ?? now, commentsOpen: open), now: now).post
        }

        func commentCount() async throws -> String? {
            try await database.strings("SELECT count(*) || '' FROM comment").first ?? nil
        }
    }

    private func withBlog(_ engine: DatabaseEngine, _ body: @Sendable (Blog) async throws -> Void) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in try await body(Blog(database: database, now: now)) }
    }

    func draft(_ body: String = "Nice post", email: String = "reader@example.com", parent: Int64? = nil, client: String = "client-a", honeypot: Bool = false) -> CommentDraft {
        CommentDraft(authorName: "Reader", authorEmail: email, body: body, parentID: parent, clientHash: client, origin: .api, isHoneypotFilled: honeypot)
    }

    @Test(arguments: TestPostgres.engines)
    func openModerationApprovesAndHoldAllHolds(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        #expect(try await blog.store { $0.moderation = .open }.submit(draft(), to: post, now: now).comment?.status == .approved)
        #expect(try await blog.store { $0.moderation = .holdAll }.submit(draft(client: "b"), to: post, now: now).comment?.status == .pending)
    } }

    @Test(arguments: TestPostgres.engines)
    func holdFirstTimeApprovesOnceAnEarlierCommentWasApproved(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store()
        let first = try #require(try await comments.submit(draft(email: "Ann@Example.com"), to: post, now: now).comment)
        #expect(first.status == .pending)
        let second = try #require(try await comments.submit(draft(email: "ann@example.com"), to: post, now: now).comment)
        #expect(second.status == .pending)
        let firstID = try #require(first.id)
        _ = try await comments.setStatus(id: firstID, to: .approved)
        let third = try #require(try await comments.submit(draft(email: "ANN@EXAMPLE.COM"), to: post, now: now).comment)
        #expect(third.status == .approved)
        let stranger = try #require(try await comments.submit(draft(email: "other@example.com"), to: post, now: now).comment)
        #expect(stranger.status == .pending)
    } }

    @Test(arguments: TestPostgres.engines)
    func tooManyLinksOrABlockedWordHoldEvenWhenOpen(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store {
            $0.moderation = .open
            $0.maxLinks = 2
            $0.blocklist = ["casino"]
        }
        #expect(try await comments.submit(draft("a http://a.example b https://b.example"), to: post, now: now).comment?.status == .approved)
        #expect(try await comments.submit(draft("http://a.example https://b.example http://c.example"), to: post, now: now).comment?.status == .pending)
        #expect(try await comments.submit(draft("Visit the CASINO today"), to: post, now: now).comment?.status == .pending)
        var blockedName = draft("fine")
        blockedName.authorName = "Casino Bob"
        #expect(try await comments.submit(blockedName, to: post, now: now).comment?.status == .pending)
    } }

    @Test(arguments: TestPostgres.engines)
    func honeypotIsKeptAsSpam(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comment = try #require(try await blog.store { $0.moderation = .open }.submit(draft(honeypot: true), to: post, now: now).comment)
        #expect(comment.status == .spam)
        #expect(try await blog.store().approvedComments(postID: post.id ?? 0, log: ReadLog()).isEmpty)
    } }

    @Test(arguments: TestPostgres.engines)
    func rateLimitIsPerClientAndFreesAfterAMinute(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store {
            $0.moderation = .open
            $0.commentRateLimit = 2
        }
        _ = try await comments.submit(draft(client: "a"), to: post, now: now)
        _ = try await comments.submit(draft(client: "a"), to: post, now: now.addingTimeInterval(10))
        #expect(try await comments.submit(draft(client: "a"), to: post, now: now.addingTimeInterval(20)) == .refused(.rateLimited(retryAfter: 40)))
        #expect(try await comments.submit(draft(client: "b"), to: post, now: now.addingTimeInterval(20)).comment?.status == .approved)
        #expect(try await comments.submit(draft(client: "a"), to: post, now: now.addingTimeInterval(61)).comment?.status == .approved)
        let unlimited = blog.store { $0.commentRateLimit = 0 }
        for offset in 0..<10 { _ = try await unlimited.submit(draft(client: "c"), to: post, now: now.addingTimeInterval(Double(offset))) }
    } }

    @Test(arguments: TestPostgres.engines)
    func repliesMustAnswerAnApprovedCommentOfThePostWithinTheDepth(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post("One")
        let other = try await blog.post("Two")
        let comments = blog.store {
            $0.moderation = .open
            $0.threadDepth = 2
        }
        let root = try #require(try await comments.submit(draft(), to: post, now: now).comment)
        let reply = try #require(try await comments.submit(draft(parent: root.id), to: post, now: now).comment)
        #expect(reply.depth == 2 && reply.parentID == root.id)
        #expect(try await comments.submit(draft(parent: reply.id), to: post, now: now) == .refused(.invalid([.parent: "Replies can't be nested more than 2 levels deep."])))
        #expect(try await comments.submit(draft(parent: root.id), to: other, now: now) == .refused(.invalid([.parent: "The comment you are replying to is not available."])))
        let held = try #require(try await blog.store { $0.moderation = .holdAll }.submit(draft(), to: post, now: now).comment)
        #expect(try await comments.submit(draft(parent: held.id), to: post, now: now) == .refused(.invalid([.parent: "The comment you are replying to is not available."])))
        #expect(try await comments.submit(draft(parent: 9999), to: post, now: now) == .refused(.invalid([.parent: "The comment you are replying to is not available."])))
    } }

    @Test(arguments: TestPostgres.engines)
    func closedPostsTakeNoComments(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let closed = try await blog.post("Closed", open: false)
        #expect(try await blog.store().submit(draft(), to: closed, now: now) == .refused(.closed))
        let old = try await blog.post("Old", publishedAt: now.addingTimeInterval(-3 * 86_400))
        let aging = blog.store { $0.closeCommentsAfterDays = 2 }
        #expect(try await aging.submit(draft(), to: old, now: now) == .refused(.closed))
        let recent = try await blog.post("Recent", publishedAt: now.addingTimeInterval(-86_400))
        #expect(try await aging.submit(draft(), to: recent, now: now).comment?.status == .pending)
    } }

    /// The store decides alone, in one order: comments open, form token, fields, rate limit, parent.
    @Test(arguments: TestPostgres.engines)
    func checksRunInOrderAndTheFirstThatFailsIsTheAnswer(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let comments = blog.store { $0.commentRateLimit = 1 }
        let closed = try await blog.post("Closed", open: false)
        var everythingWrong = draft("", email: "nope", parent: 999)
        everythingWrong.origin = .form(validToken: false)
        #expect(try await comments.submit(everythingWrong, to: closed, now: now) == .refused(.closed))
        let open = try await blog.post("Open")
        #expect(try await comments.submit(everythingWrong, to: open, now: now) == .refused(.expiredForm))
        everythingWrong.origin = .form(validToken: true)
        everythingWrong.unreadableFields = [.authorURL: "Not text."]
        #expect(try await comments.submit(everythingWrong, to: open, now: now) == .refused(.invalid([
            .body: "Please write a comment.",
            .authorEmail: "Please enter a valid email address, such as name@example.com.",
            .authorURL: "Not text.",
        ])))
        _ = try #require(try await comments.submit(draft(), to: open, now: now).comment)
        #expect(try await comments.submit(draft(parent: 999), to: open, now: now) == .refused(.rateLimited(retryAfter: 60)))
        #expect(try await comments.submit(draft(parent: 999), to: open, now: now.addingTimeInterval(61)) == .refused(.invalid([.parent: "The comment you are replying to is not available."])))
        let stored = try await blog.commentCount()
        #expect(stored == "1")
    } }

    @Test(arguments: [
        (CommentDraft(authorName: "A", authorEmail: "a@b.co", body: "   \n ", clientHash: "x", origin: .api), CommentField.body, "Please write a comment."),
        (CommentDraft(authorName: " ", authorEmail: "a@b.co", body: "x", clientHash: "x", origin: .api), .authorName, "Please enter your name."),
        (CommentDraft(authorName: "A", authorEmail: "", body: "x", clientHash: "x", origin: .api), .authorEmail, "Please enter your email address."),
        (CommentDraft(authorName: "A", authorEmail: "a@b", body: "x", clientHash: "x", origin: .api), .authorEmail, "Please enter a valid email address, such as name@example.com."),
        (CommentDraft(authorName: "A", authorEmail: "a b@c.de", body: "x", clientHash: "x", origin: .api), .authorEmail, "Please enter a valid email address, such as name@example.com."),
        (CommentDraft(authorName: "A", authorEmail: "a@b.co", authorURL: "javascript:alert(1)", body: "x", clientHash: "x", origin: .api), .authorURL, "Please enter a website address that starts with http:// or https://."),
        (CommentDraft(authorName: "A", authorEmail: "a@b.co", authorURL: "ftp://x.example", body: "x", clientHash: "x", origin: .api), .authorURL, "Please enter a website address that starts with http:// or https://."),
        (CommentDraft(authorName: "A", authorEmail: "a@b.co", body: "bell\u{07}", clientHash: "x", origin: .api), .body, CommentValidator.controlCharacterMessage),
        (CommentDraft(authorName: "A\nB", authorEmail: "a@b.co", body: "x", clientHash: "x", origin: .api), .authorName, CommentValidator.controlCharacterMessage),
        (CommentDraft(authorName: "A", authorEmail: "a@b.co", body: String(repeating: "é", count: 101), clientHash: "x", origin: .api), .body, "Your comment is 101 characters long; the limit is 100."),
    ])
    func invalidFieldsAreNamed(draft: CommentDraft, field: CommentField, message: String) {
        let errors = CommentValidator(maxCommentLength: 100).errors(in: draft)
        #expect(errors == [field: message])
    }

    @Test func tabsAndLineBreaksAreAllowedInTheBody() {
        let draft = CommentDraft(authorName: "A", authorEmail: "a@b.co", body: "one\ttwo\r\nthree", clientHash: "x", origin: .api)
        #expect(CommentValidator(maxCommentLength: 100).errors(in: draft).isEmpty)
    }

    @Test(arguments: TestPostgres.engines)
    func approvedCommentsAndCounts(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store { $0.moderation = .open }
        let first = try #require(try await comments.submit(draft("first"), to: post, now: now).comment)
        _ = try await comments.submit(draft("second"), to: post, now: now.addingTimeInterval(1))
        _ = try await blog.store { $0.moderation = .holdAll }.submit(draft("held"), to: post, now: now)
        let postID = try #require(post.id)
        #expect(try await comments.approvedComments(postID: postID, log: ReadLog()).map(\.body) == ["first", "second"])
        #expect(try await comments.approvedCounts(postIDs: [postID, 999], log: ReadLog()) == [postID: 2])
        let firstID = try #require(first.id)
        _ = try await comments.setStatus(id: firstID, to: .trash)
        #expect(try await comments.approvedCounts(postIDs: [postID], log: ReadLog()) == [postID: 1])
    } }

    @Test(arguments: TestPostgres.engines)
    func moderationQueuePagesNewestFirst(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store { $0.moderation = .holdAll }
        for index in 0..<5 { _ = try await comments.submit(draft("c\(index)", client: "\(index)"), to: post, now: now) }
        var seen: [String] = []
        var cursor: KeysetCursor?
        repeat {
            let page = try await comments.comments(status: .pending, after: cursor, limit: 2, log: ReadLog())
            seen += page.items.map(\.comment.body)
            #expect(page.items.allSatisfy { $0.postSlug == "post" })
            cursor = page.next
        } while cursor != nil
        #expect(seen == ["c4", "c3", "c2", "c1", "c0"])
        #expect(try await comments.comments(status: .approved, after: nil, limit: 10, log: ReadLog()).items.isEmpty)
    } }

    @Test(arguments: TestPostgres.engines)
    func deletingACommentKeepsItsRepliesAndDeletingThePostRemovesAll(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store { $0.moderation = .open }
        let root = try #require(try await comments.submit(draft("root"), to: post, now: now).comment)
        let reply = try #require(try await comments.submit(draft("reply", parent: root.id), to: post, now: now).comment)
        let rootID = try #require(root.id)
        let replyID = try #require(reply.id)
        try await comments.delete(id: rootID)
        let kept = try #require(try await comments.comment(id: replyID, log: ReadLog()))
        #expect(kept.comment.parentID == nil)
        await #expect(throws: StoreError.notFound) { try await comments.delete(id: rootID) }
        await #expect(throws: StoreError.notFound) { _ = try await comments.setStatus(id: 12345, to: .approved) }
        try await blog.posts.delete(slug: "post")
        let remaining = try await blog.commentCount()
        #expect(remaining == "0")
    } }

    /// The caller that writes a group may be cancelled; its group is written all the same, since
    /// it holds other callers' comments too.
    @Test(arguments: TestPostgres.engines)
    func aCancelledCallerStillWritesItsGroup(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store { $0.moderation = .open; $0.commentRateLimit = 0 }
        let cancelled = Task {
            // Submits only once it is cancelled, so it is sure to write its group as a cancelled task.
            while !Task.isCancelled { await Task.yield() }
            return try await comments.submit(draft("Cancelled", client: "a"), to: post, now: now)
        }
        cancelled.cancel()
        let others = (0..<5).map { number in Task { try await comments.submit(draft("Other \(number)", client: "b\(number)"), to: post, now: now) } }
        #expect(try await cancelled.value.comment != nil)
        for other in others { #expect(try await other.value.comment != nil) }
        #expect(try await comments.approvedComments(postID: post.id ?? 0, log: ReadLog()).count == 6)
    } }

    /// Comments that arrive together share a transaction; one refused among them is refused
    /// alone, and every accepted one is stored.
    @Test(arguments: TestPostgres.engines)
    func simultaneousCommentsAreWrittenTogetherAndARefusedOneStandsAlone(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        let post = try await blog.post()
        let comments = blog.store { $0.moderation = .open; $0.commentRateLimit = 0 }
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for number in 0..<40 {
                group.addTask {
                    // Every tenth replies to a comment that does not exist.
                    let parent: Int64? = number % 10 == 0 ? 999_999 : nil
                    switch try await comments.submit(draft("Comment \(number)", parent: parent, client: "c\(number)"), to: post, now: now) {
                    case .stored: return true
                    case .refused(let refusal):
                        #expect(refusal == .invalid([.parent: "The comment you are replying to is not available."]))
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 36)
        #expect(try await comments.approvedComments(postID: post.id ?? 0, log: ReadLog()).count == 36)
    } }
}
