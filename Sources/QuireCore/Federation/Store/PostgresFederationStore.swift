import Foundation
import PostgresNIO

/// The federation tables of a PostgreSQL database. Deliveries are taken with `SKIP LOCKED`, so
/// every process may send and none sends the same one twice.
public struct PostgresFederationStore: FederationStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    static let actorColumns = "remote_actor.id, uri, inbox, shared_inbox, key_id, public_key_pem, handle, name, profile_url, fetched_at"

    static func actor(_ row: PostgresRow) throws -> RemoteActor {
        let (id, uri, inbox, shared, keyID, pem, handle, name, profile, fetched) = try row.decode((Int64, String, String, String?, String, String, String, String, String, Date).self)
        return RemoteActor(id: id, uri: uri, inbox: inbox, sharedInbox: shared, keyID: keyID, publicKeyPEM: pem, handle: handle, name: name, profileURL: profile, fetchedAt: fetched)
    }

    public func actor(uri: String) async throws -> RemoteActor? {
        try await database.rows("SELECT \(unescaped: Self.actorColumns) FROM remote_actor WHERE uri = \(uri)").first.map(Self.actor)
    }

    public func keep(_ actor: RemoteActor) async throws -> RemoteActor {
        let row = try await database.rows("""
            INSERT INTO remote_actor (uri, inbox, shared_inbox, key_id, public_key_pem, handle, name, profile_url, fetched_at)
            VALUES (\(actor.uri), \(actor.inbox), \(actor.sharedInbox), \(actor.keyID), \(actor.publicKeyPEM), \(actor.handle), \(actor.name), \(actor.profileURL), \(actor.fetchedAt))
            ON CONFLICT (uri) DO UPDATE SET inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, key_id = excluded.key_id,
                public_key_pem = excluded.public_key_pem, handle = excluded.handle, name = excluded.name,
                profile_url = excluded.profile_url, fetched_at = excluded.fetched_at
            RETURNING id
            """).first
        var kept = actor
        kept.id = try row?.decode(Int64.self)
        return kept
    }

    public func addFollower(actorID: Int64, followID: String, now: Date) async throws {
        try await database.execute("""
            INSERT INTO follower (actor_id, follow_id, followed_at) VALUES (\(actorID), \(followID), \(now))
            ON CONFLICT (actor_id) DO UPDATE SET follow_id = excluded.follow_id
            """)
    }

    public func removeFollower(actorURI: String) async throws -> Bool {
        !(try await database.rows("DELETE FROM follower WHERE actor_id = (SELECT id FROM remote_actor WHERE uri = \(actorURI)) RETURNING actor_id").isEmpty)
    }

    /// Followers with their actors; `Self.follower` reads each row.
    static let followerSelect = "SELECT \(actorColumns), follow_id, followed_at FROM follower JOIN remote_actor ON remote_actor.id = follower.actor_id"

    static func follower(_ row: PostgresRow) throws -> Follower {
        let columns = row.makeRandomAccess()
        return Follower(actor: try actor(row), followID: try columns[10].decode(String.self), followedAt: try columns[11].decode(Date.self))
    }

    public func followers(offset: Int, limit: Int) async throws -> [Follower] {
        try await database.rows("\(unescaped: Self.followerSelect) ORDER BY followed_at DESC, remote_actor.id DESC LIMIT \(limit) OFFSET \(offset)").map(Self.follower)
    }

    public func follower(actorURI: String) async throws -> Follower? {
        try await database.rows("\(unescaped: Self.followerSelect) WHERE uri = \(actorURI)").first.map(Self.follower)
    }

    public func followerCount() async throws -> Int {
        try await database.rows("SELECT count(*)::bigint FROM follower").first?.decode(Int.self) ?? 0
    }

    public func followerInboxes() async throws -> [String] {
        try await database.rows("""
            SELECT DISTINCT COALESCE(shared_inbox, inbox) AS inbox FROM follower JOIN remote_actor ON remote_actor.id = follower.actor_id ORDER BY inbox
            """).map { try $0.decode(String.self) }
    }

    public func blockedDomains() async throws -> [String] {
        try await database.rows("SELECT domain FROM blocked_domain ORDER BY domain").map { try $0.decode(String.self) }
    }

    public func block(domain: String, now: Date) async throws {
        try await database.transaction { connection in
            try await connection.execute("INSERT INTO blocked_domain (domain, blocked_at) VALUES (\(domain), \(now)) ON CONFLICT (domain) DO NOTHING")
            let followers = try await connection.rows("SELECT remote_actor.id, uri FROM follower JOIN remote_actor ON remote_actor.id = follower.actor_id")
                .map { try $0.decode((Int64, String).self) }
            let removed = followers.filter { BlockedDomains.contains(URL(string: $0.1)?.host ?? "", in: [domain]) }.map(\.0)
            try await connection.execute("DELETE FROM follower WHERE actor_id = ANY (\(removed))")
        }
    }

    public func unblock(domain: String) async throws {
        try await database.execute("DELETE FROM blocked_domain WHERE domain = \(domain)")
    }

    public func enqueue(_ activity: String, to inboxes: [String], now: Date) async throws {
        guard !inboxes.isEmpty else { return }
        try await database.execute(Self.enqueueing(activity, to: inboxes, now: now))
    }

    /// The statement that queues one activity for each inbox, in order.
    static func enqueueing(_ activity: String, to inboxes: [String], now: Date) -> PostgresQuery {
        "INSERT INTO delivery (inbox, activity, created_at, next_attempt_at) SELECT unnest(\(inboxes)::text[]), \(activity), \(now), \(now)"
    }

    public func claimDue(now: Date, limit: Int, leaseUntil: Date) async throws -> [Delivery] {
        try await database.transaction { connection in
            // One taker at a time: another would not yet see this one's leases, and could take a
            // later delivery to an inbox whose earlier one this one is sending.
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.claimLock))")
            return try await connection.rows("""
                UPDATE delivery SET next_attempt_at = \(leaseUntil)
                WHERE id IN (
                    SELECT id FROM delivery
                    WHERE next_attempt_at <= \(now)
                        AND NOT EXISTS (SELECT 1 FROM delivery AS earlier WHERE earlier.inbox = delivery.inbox AND earlier.id < delivery.id AND earlier.next_attempt_at > \(now))
                    ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                )
                RETURNING id, inbox, activity, attempts, created_at
                """).map { row in
                let (id, inbox, activity, attempts, created) = try row.decode((Int64, String, String, Int, Date).self)
                return Delivery(id: id, inbox: inbox, activity: activity, attempts: attempts, createdAt: created)
            }.sorted { $0.id < $1.id }
        }
    }

    /// The advisory lock that makes taking deliveries one process at a time.
    static let claimLock: Int64 = 0x5155_4952_4544_4C56

    public func release(_ deliveries: [Delivery], until: Date) async throws {
        try await database.execute("UPDATE delivery SET next_attempt_at = \(until) WHERE id = ANY(\(deliveries.map(\.id)))")
    }

    public func delivered(_ delivery: Delivery) async throws {
        try await database.transaction { connection in
            try await connection.execute("DELETE FROM delivery WHERE id = \(delivery.id)")
            try await connection.execute("DELETE FROM delivery_host WHERE host = \(delivery.host)")
        }
    }

    public func failed(_ delivery: Delivery, error: String, retryAt: Date?, now: Date) async throws {
        try await database.transaction { connection in
            if let retryAt {
                try await connection.execute("UPDATE delivery SET attempts = attempts + 1, next_attempt_at = \(retryAt), last_error = \(error) WHERE id = \(delivery.id)")
            } else {
                try await connection.execute("DELETE FROM delivery WHERE id = \(delivery.id)")
            }
            try await connection.execute("""
                INSERT INTO delivery_host (host, failures, last_failure_at, last_error) VALUES (\(delivery.host), 1, \(now), \(error))
                ON CONFLICT (host) DO UPDATE SET failures = delivery_host.failures + 1, last_failure_at = excluded.last_failure_at, last_error = excluded.last_error
                """)
        }
    }

    public func pendingDeliveryCount() async throws -> Int {
        try await database.rows("SELECT count(*)::bigint FROM delivery").first?.decode(Int.self) ?? 0
    }

    public func failingHosts() async throws -> [DeliveryHostFailures] {
        try await database.rows("SELECT host, failures, last_failure_at, last_error FROM delivery_host WHERE failures > 0 ORDER BY failures DESC, host").map { row in
            let (host, failures, last, error) = try row.decode((String, Int, Date?, String?).self)
            return DeliveryHostFailures(host: host, failures: failures, lastFailureAt: last, lastError: error)
        }
    }

    @discardableResult
    public func recordReply(objectID: String, commentID: Int64, actorURI: String) async throws -> Bool {
        try await !database.rows("""
            INSERT INTO comment_activity (object_id, comment_id, actor_uri) VALUES (\(objectID), \(commentID), \(actorURI))
            ON CONFLICT (object_id) DO NOTHING RETURNING object_id
            """).isEmpty
    }

    public func replyComment(objectID: String, actorURI: String) async throws -> Int64? {
        try await database.rows("SELECT comment_id FROM comment_activity WHERE object_id = \(objectID) AND actor_uri = \(actorURI)").first?.decode(Int64.self)
    }

    public func addReaction(activityID: String, postID: Int64, actorURI: String, kind: PostReactions.Kind, now: Date) async throws {
        try await database.execute("""
            INSERT INTO post_reaction (activity_id, post_id, actor_uri, kind, created_at) VALUES (\(activityID), \(postID), \(actorURI), \(kind.rawValue), \(now))
            ON CONFLICT DO NOTHING
            """)
    }

    public func removeReaction(activityID: String, actorURI: String) async throws -> Bool {
        !(try await database.rows("DELETE FROM post_reaction WHERE activity_id = \(activityID) AND actor_uri = \(actorURI) RETURNING post_id").isEmpty)
    }

    public func reactions(postID: Int64) async throws -> PostReactions {
        let (likes, boosts) = try await database.rows("""
            SELECT count(*) FILTER (WHERE kind = 'like'), count(*) FILTER (WHERE kind = 'boost') FROM post_reaction WHERE post_id = \(postID)
            """).first!.decode((Int, Int).self)
        return PostReactions(likes: likes, boosts: boosts)
    }
}
