import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// The Webmention queues on both engines: a mention sent again while its check runs, and the
/// links a post is told of across its edits and its deletion.
@Suite struct WebmentionStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: TestPostgres.engines)
    func aMentionSentAgainDuringItsCheckIsCheckedAgainAfterItAndByNoOneElseMeanwhile(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { blog in
            let post = try await blog.posts(defaultAuthor: "Ann").create(PostDraft(title: "Kites", bodyMarkdown: "x", publishedAt: now), now: now)
            let store = blog.webmentions
            let target = "https://blog.example/posts/kites"
            #expect(try await store.receive(source: "https://a.example/1", target: target, postID: post.post.id ?? 0, now: now, limits: WebmentionLimits()) == .kept)
            let taken = try await store.claimChecks(now: now, limit: 10, leaseUntil: now.addingTimeInterval(900))
            #expect(taken.map(\.source) == ["https://a.example/1"])
            // Sent again while the check runs: no one else takes it during the check...
            _ = try await store.receive(source: "https://a.example/1", target: target, postID: post.post.id ?? 0, now: now.addingTimeInterval(1), limits: WebmentionLimits())
            #expect(try await store.claimChecks(now: now.addingTimeInterval(2), limit: 10, leaseUntil: now.addingTimeInterval(900)).isEmpty)
            // ...and once it ends it is due again.
            try await store.verified(taken[0], commentID: nil)
            let again = try await store.claimChecks(now: now.addingTimeInterval(3), limit: 10, leaseUntil: now.addingTimeInterval(900))
            #expect(again.count == 1)
            try await store.verified(again[0], commentID: nil)
            #expect(try await store.claimChecks(now: now.addingTimeInterval(4), limit: 10, leaseUntil: now.addingTimeInterval(900)).isEmpty)
        }
    }

    /// Takes every Webmention due and reports each as "source -> target".
    static func sent(_ store: any WebmentionStore, now: Date) async throws -> [String] {
        let batch = try await store.claimOutgoing(now: now, limit: 10, leaseUntil: now.addingTimeInterval(900))
        for mention in batch { try await store.finished(mention) }
        return batch.map { "\($0.source) -> \($0.target)" }
    }

    @Test(arguments: TestPostgres.engines)
    func aPostsLinksAreToldAcrossEditsAndItsDeletionFromTheURLsTheyKnew(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { blog async throws in
            let store = blog.webmentions
            let key = "https://blog.example/posts/kites"
            #expect(try await store.queueMentions(postKey: key, source: key, targets: ["https://a.example/", "https://b.example/"], now: now) == 2)
            #expect(try await Self.sent(store, now: now) == ["\(key) -> https://a.example/", "\(key) -> https://b.example/"])
            // Renamed and edited: the new URL tells the page linked now and the one no longer linked.
            let renamed = "https://blog.example/posts/kites-in-spring"
            #expect(try await store.queueMentions(postKey: key, source: renamed, targets: ["https://b.example/"], now: now) == 2)
            #expect(try await Self.sent(store, now: now) == ["\(renamed) -> https://b.example/", "\(renamed) -> https://a.example/"])
            // Deleted: the page it still linked to is told, from the URL it knew.
            #expect(try await store.queueMentions(postKey: key, source: nil, targets: [], now: now) == 1)
            #expect(try await Self.sent(store, now: now) == ["\(renamed) -> https://b.example/"])
            #expect(try await store.queueMentions(postKey: key, source: nil, targets: [], now: now) == 0)
        }
    }
}
