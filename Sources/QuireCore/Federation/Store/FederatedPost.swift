import Foundation

/// What the blog has told its followers of one post.
public struct FederatedPost: Sendable, Equatable {
    /// The Article's id, kept from its first sending so a later slug doesn't change it.
    public var objectID: String
    /// nil once the post is deleted.
    public var postID: Int64?
    /// Whether its Create went out (false: published before the blog federated, never sent).
    public var announced: Bool
    /// The post's `updated_at` when last sent.
    public var sentVersion: Date?
    public var deletedAt: Date?

    public init(objectID: String, postID: Int64?, announced: Bool, sentVersion: Date?, deletedAt: Date?) {
        self.objectID = objectID
        self.postID = postID
        self.announced = announced
        self.sentVersion = sentVersion
        self.deletedAt = deletedAt
    }
}

/// When the blog began to federate and how far the publisher has looked.
public struct PublishingState: Sendable, Equatable {
    public var startedAt: Date
    public var checkedUntil: Date
}

/// A post changed (or whose time came) since the publisher last looked.
public struct PostChange: Sendable, Equatable {
    public var id: Int64
    public var slug: String
    public var updatedAt: Date
    public var publishedAt: Date?
    public var status: PostStatus

    /// Public at `now`: the visibility rule of docs/data-model.md.
    public func isPublic(at now: Date) -> Bool {
        status != .draft && (publishedAt.map { $0 <= now } ?? false)
    }
}

/// What the publisher reads and writes of the posts' federation (SQLite's 0022, PostgreSQL's 0005).
public protocol FederatedPostStore: Sendable {
    /// The state, begun at `now` if the blog never federated before, with the look at the posts
    /// held until `leaseUntil`; nil while another process holds it.
    func claimPublishing(now: Date, leaseUntil: Date) async throws -> PublishingState?
    /// Posts (not pages) updated after `after`, or whose publishing time falls in (`after`, `upTo`].
    func postChanges(after: Date, upTo: Date) async throws -> [PostChange]
    func federatedPost(postID: Int64) async throws -> FederatedPost?
    func federatedPost(objectID: String) async throws -> FederatedPost?
    /// Posts told of and since deleted, whose Delete hasn't gone out.
    func removedPosts() async throws -> [FederatedPost]
    /// Keeps `record` and queues `activity` (when there is one) for `inboxes`, in one transaction.
    /// A record under a new id for a post takes the post from its older one, which stays as the
    /// id's tombstone.
    func record(_ record: FederatedPost, sending activity: String?, to inboxes: [String], now: Date) async throws
    /// Records how far the look went, and lets it go.
    func checked(until: Date) async throws
}
