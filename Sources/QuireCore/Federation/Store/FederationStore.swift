import Foundation

/// What the blog keeps of the fediverse (SQLite's 0022, PostgreSQL's 0005): actors met, followers,
/// blocked domains, and the persistent queue of deliveries.
public protocol FederationStore: FederatedPostStore {
    func actor(uri: String) async throws -> RemoteActor?
    /// Stores an actor as just fetched, in place of what was kept under its `uri`; returns it
    /// with its id.
    func keep(_ actor: RemoteActor) async throws -> RemoteActor

    /// Records a follow (again, when the same actor follows anew: the latest Follow is kept).
    func addFollower(actorID: Int64, followID: String, now: Date) async throws
    /// Removes the actor's follow; false when it wasn't following.
    @discardableResult
    func removeFollower(actorURI: String) async throws -> Bool
    func follower(actorURI: String) async throws -> Follower?
    /// The followers, newest first.
    func followers(offset: Int, limit: Int) async throws -> [Follower]
    func followerCount() async throws -> Int
    /// Every inbox that reaches every follower: a shared inbox once, however many follow from it.
    func followerInboxes() async throws -> [String]

    func blockedDomains() async throws -> [String]
    /// Blocks a domain (already `BlockedDomains.normalized`) and removes its followers.
    func block(domain: String, now: Date) async throws
    func unblock(domain: String) async throws

    /// Queues `activity` for each inbox, to be sent from `now`.
    func enqueue(_ activity: String, to inboxes: [String], now: Date) async throws
    /// Takes up to `limit` deliveries that are due, in queue order, each hidden from other takers
    /// until `leaseUntil` (a process that dies while sending leaves it to be taken again then).
    /// A delivery is taken only when every earlier one to its inbox is due too (and so taken
    /// with it, or before it): one inbox's activities arrive in the order they were queued, an
    /// Accept before a later Reject, a Create before its Delete, even across processes.
    func claimDue(now: Date, limit: Int, leaseUntil: Date) async throws -> [Delivery]
    /// Gives back taken deliveries unsent (an earlier one to their inbox failed): due `until`
    /// the failed one's retry, behind it.
    func release(_ deliveries: [Delivery], until: Date) async throws
    /// A delivery arrived: it leaves the queue and its host's failures are forgotten.
    func delivered(_ delivery: Delivery) async throws
    /// A delivery failed: tried again at `retryAt`, or given up (removed) when that is nil.
    func failed(_ delivery: Delivery, error: String, retryAt: Date?, now: Date) async throws
    func pendingDeliveryCount() async throws -> Int
    /// Hosts whose last deliveries failed, most failures first.
    func failingHosts() async throws -> [DeliveryHostFailures]

    /// Notes the comment a fediverse reply became; false when the Note already has one (the same
    /// Note delivered twice at once: the caller removes its second comment).
    @discardableResult
    func recordReply(objectID: String, commentID: Int64, actorURI: String) async throws -> Bool
    /// The comment a Note became, if `actorURI` wrote it.
    func replyComment(objectID: String, actorURI: String) async throws -> Int64?

    /// Counts a like or boost (an actor's second of a kind for the same post changes nothing).
    func addReaction(activityID: String, postID: Int64, actorURI: String, kind: PostReactions.Kind, now: Date) async throws
    /// Takes back the like or boost `activityID`, if `actorURI` made it; false when there was none.
    func removeReaction(activityID: String, actorURI: String) async throws -> Bool
    func reactions(postID: Int64) async throws -> PostReactions
}
