import Foundation

/// A Webmention received, as its check finds it.
public struct ReceivedWebmention: Sendable, Equatable {
    public var id: Int64
    public var source: String
    public var target: String
    public var postID: Int64
    /// The comment that shows it, once verified.
    public var commentID: Int64?
    public var attempts: Int
    public var receivedAt: Date
}

/// How many received Webmentions may wait for their check: a sender can't fill the queue.
public struct WebmentionLimits: Sendable {
    public var pending: Int
    public var pendingPerHost: Int

    public init(pending: Int = 1_000, pendingPerHost: Int = 20) {
        self.pending = pending
        self.pendingPerHost = pendingPerHost
    }

    public enum Answer: Sendable, Equatable {
        case kept
        /// `pending` checks wait.
        case full
        /// `pendingPerHost` checks of sources on this host wait.
        case hostFull
    }

    func answer(waiting: Int, fromHost: Int) -> Answer {
        waiting >= pending ? .full : fromHost >= pendingPerHost ? .hostFull : .kept
    }

    /// The host the per-host limit counts a source under.
    static func host(of source: String) -> String {
        URL(string: source)?.host?.lowercased() ?? ""
    }
}

/// A Webmention to send: `source` (one of the blog's posts) links, or linked, to `target`.
public struct OutgoingWebmention: Sendable, Equatable {
    public var id: Int64
    public var source: String
    public var target: String
    public var attempts: Int
    public var createdAt: Date

    public init(id: Int64, source: String, target: String, attempts: Int, createdAt: Date) {
        self.id = id
        self.source = source
        self.target = target
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

/// What the blog keeps of Webmention (SQLite's 0023, PostgreSQL's 0006). Both queues are taken
/// under a lease, as deliveries are: a process that dies leaves its rows to the others after it.
public protocol WebmentionStore: Sendable {
    /// Keeps a received mention of a post, due to be checked at `now`; one already kept (the
    /// sender sends again after an edit) is checked again, after the check under way if there
    /// is one. Refused while `limits` checks wait in all, or from the source's host.
    func receive(source: String, target: String, postID: Int64, now: Date, limits: WebmentionLimits) async throws -> WebmentionLimits.Answer
    /// Received mentions due to be checked, hidden from other takers until `leaseUntil`. Each of
    /// the calls below ends the check; one sent again while it ran stays due.
    func claimChecks(now: Date, limit: Int, leaseUntil: Date) async throws -> [ReceivedWebmention]
    /// The source links to the post: the mention stands, shown by `commentID`.
    func verified(_ mention: ReceivedWebmention, commentID: Int64?) async throws
    /// The source could not be read: checked again at `retryAt`, or given up if nil (a mention
    /// never verified is forgotten; a verified one stays as it was).
    func checkFailed(_ mention: ReceivedWebmention, error: String, retryAt: Date?) async throws
    /// Forgets a mention (its comment is removed by the caller), unless sent again meanwhile.
    func remove(_ mention: ReceivedWebmention) async throws

    /// Queues a Webmention from `source`, the URL of the post federated as `postKey`, to each of
    /// `targets` and to each page it linked to when last sent (which learns the link is gone),
    /// and keeps `targets` as its links now. A nil `source` says the post is gone: each page it
    /// linked to is told, from the URL it was told of before. The number queued.
    @discardableResult
    func queueMentions(postKey: String, source: String?, targets: [String], now: Date) async throws -> Int
    /// Webmentions due to be sent, hidden from other takers until `leaseUntil`.
    func claimOutgoing(now: Date, limit: Int, leaseUntil: Date) async throws -> [OutgoingWebmention]
    /// Sent, or nothing to send to (no endpoint), or given up: off the queue.
    func finished(_ mention: OutgoingWebmention) async throws
    /// Tried again at `retryAt`.
    func sendFailed(_ mention: OutgoingWebmention, error: String, retryAt: Date) async throws

    /// How many received mentions wait for a check, and how many wait to be sent (for `/metrics`).
    func queueDepths() async throws -> (checks: Int, sends: Int)
}
