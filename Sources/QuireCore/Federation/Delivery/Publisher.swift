import Foundation

/// Tells the followers of each post that goes public, changes or goes away (docs/federation.md,
/// "Publishing"), whatever made the change: the admin, the API, an import or a scheduled time
/// coming. It looks at the posts changed since it last looked (with a margin, for saves that
/// committed late; each step is done once however often it is looked at):
/// - a post public for the first time: `Create` of its Article, if it was published after the
///   blog began to federate (older posts, imported ones among them, are not pushed at followers),
///   under its URL, or a new id (its URL and `?v=` the time) when that URL went out before for
///   another post or for this one's life before a `Delete` (a server keeps a deleted id dead);
/// - a post sent, deleted from the fediverse (made a draft) and public again: `Create` anew;
/// - a public post whose `updated_at` moved since it was sent: `Update`;
/// - a post sent and since deleted or made a draft again: `Delete`, and its URL then answers
///   ActivityPub clients 410 with a `Tombstone`.
///
/// With each of these it queues Webmentions to the pages the post links to, and to those it
/// linked to when last sent (docs/federation.md, "Webmention").
public struct Publisher: Sendable {
    let store: any FederationStore
    let posts: any PostStore
    let webmentions: any WebmentionStore
    let clock: WallClock

    /// How far back each look reaches past the last one.
    static let margin: TimeInterval = 10
    /// How long one look may hold the others off (a process that dies holding it lets go then).
    static let lease: TimeInterval = 60

    public init(store: any FederationStore, posts: any PostStore, webmentions: any WebmentionStore, clock: WallClock) {
        self.store = store
        self.posts = posts
        self.webmentions = webmentions
        self.clock = clock
    }

    /// Queues what changed since the last look; the number of activities queued.
    @discardableResult
    public func publish(addresses: FederationAddresses) async throws -> Int {
        let now = clock.now()
        // Another process is looking: it will queue what this one would.
        guard let state = try await store.claimPublishing(now: now, leaseUntil: now.addingTimeInterval(Self.lease)) else { return 0 }
        let inboxes = try await store.followerInboxes()
        var queued = 0
        for change in try await store.postChanges(after: state.checkedUntil.addingTimeInterval(-Self.margin), upTo: now) {
            queued += try await publish(change, state: state, inboxes: inboxes, addresses: addresses, now: now)
        }
        for removed in try await store.removedPosts() {
            try await delete(removed, inboxes: inboxes, addresses: addresses, now: now)
            queued += 1
        }
        try await store.checked(until: now)
        return queued
    }

    private func publish(_ change: PostChange, state: PublishingState, inboxes: [String], addresses: FederationAddresses, now: Date) async throws -> Int {
        let kept = try await store.federatedPost(postID: change.id)
        guard change.isPublic(at: now) else {
            guard let kept, kept.announced, kept.deletedAt == nil else { return 0 }
            try await delete(kept, inboxes: inboxes, addresses: addresses, now: now)
            return 1
        }
        guard let entry = try await posts.post(slug: change.slug) else { return 0 }
        if let kept, kept.announced, kept.deletedAt != nil {
            return try await create(entry, change: change, announce: true, inboxes: inboxes, addresses: addresses, now: now)
        }
        if let kept {
            guard kept.announced, kept.deletedAt == nil, !Self.sameVersion(kept.sentVersion, change.updatedAt) else { return 0 }
            let article = ArticleDocument(entry, addresses: addresses, keptID: kept.objectID)
            let update = ActivityDocument.activity("Update", of: article, id: kept.objectID + "#updates/\(Int(change.updatedAt.timeIntervalSince1970 * 1000))", published: now)
            // Mentions first: should the record then fail, the next look queues both again (a
            // page told twice is told no wrong), where the other order could lose the mentions.
            try await queueMentions(entry.post, key: kept.objectID, addresses: addresses, now: now)
            try await store.record(
                FederatedPost(objectID: kept.objectID, postID: change.id, announced: true, sentVersion: change.updatedAt, deletedAt: nil),
                sending: try ActivityStreams.json(update), to: inboxes, now: now
            )
            return 1
        }
        return try await create(entry, change: change, announce: (change.publishedAt ?? now) >= state.startedAt, inboxes: inboxes, addresses: addresses, now: now)
    }

    /// A post's first record, sent as `Create` when `announce`, under an id no other post, and
    /// no earlier life of this one, went out under.
    private func create(_ entry: PostWithTags, change: PostChange, announce: Bool, inboxes: [String], addresses: FederationAddresses, now: Date) async throws -> Int {
        var id = addresses.post(slug: entry.post.slug)
        if try await store.federatedPost(objectID: id) != nil { id += "?v=\(Int(now.timeIntervalSince1970 * 1000))" }
        let article = ArticleDocument(entry, addresses: addresses, keptID: id)
        if announce { try await queueMentions(entry.post, key: id, addresses: addresses, now: now) }
        try await store.record(
            FederatedPost(objectID: id, postID: change.id, announced: announce, sentVersion: change.updatedAt, deletedAt: nil),
            sending: announce ? try ActivityStreams.json(ActivityDocument.create(article)) : nil, to: inboxes, now: now
        )
        return announce ? 1 : 0
    }

    private func delete(_ kept: FederatedPost, inboxes: [String], addresses: FederationAddresses, now: Date) async throws {
        let tombstone = JSONValue.object(["id": .string(kept.objectID), "type": .string("Tombstone")])
        let delete = ActivityDocument(
            id: kept.objectID + "#delete", type: "Delete", actor: addresses.actor, published: now,
            to: [ActivityStreams.publicCollection], cc: [addresses.followers], object: tombstone
        )
        var deleted = kept
        deleted.deletedAt = now
        // The pages it linked to learn that it is gone (its URL now answers 404, or 410).
        try await webmentions.queueMentions(postKey: kept.objectID, source: nil, targets: [], now: now)
        try await store.record(deleted, sending: try ActivityStreams.json(delete), to: inboxes, now: now)
    }

    /// Webmentions from a post (federated as `key`) to the pages it links to now and to those it
    /// linked to before.
    private func queueMentions(_ post: Post, key: String, addresses: FederationAddresses, now: Date) async throws {
        let source = addresses.post(slug: post.slug)
        let targets = WebmentionSource.outgoingLinks(inPostHTML: post.bodyHTML, pageURL: source, ownHost: addresses.host)
        try await webmentions.queueMentions(postKey: key, source: source, targets: targets, now: now)
    }

    /// Times as the two engines keep them (milliseconds, microseconds) compare equal.
    static func sameVersion(_ sent: Date?, _ current: Date) -> Bool {
        sent.map { abs($0.timeIntervalSince(current)) < 0.001 } ?? false
    }
}
