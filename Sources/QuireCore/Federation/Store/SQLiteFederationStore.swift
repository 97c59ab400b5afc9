import Foundation
import GRDB

/// The federation tables of a SQLite database.
public struct SQLiteFederationStore: FederationStore {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    static let actorColumns = "remote_actor.id, uri, inbox, shared_inbox, key_id, public_key_pem, handle, name, profile_url, fetched_at"

    static func actor(_ row: Row) -> RemoteActor {
        RemoteActor(
            id: row["id"], uri: row["uri"], inbox: row["inbox"], sharedInbox: row["shared_inbox"], keyID: row["key_id"], publicKeyPEM: row["public_key_pem"],
            handle: row["handle"], name: row["name"], profileURL: row["profile_url"], fetchedAt: row["fetched_at"]
        )
    }

    public func actor(uri: String) async throws -> RemoteActor? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.actorColumns) FROM remote_actor WHERE uri = ?", arguments: [uri]).map(Self.actor)
        }
    }

    public func keep(_ actor: RemoteActor) async throws -> RemoteActor {
        try await database.writer.write { db in
            let id = try Int64.fetchOne(db, sql: """
                INSERT INTO remote_actor (uri, inbox, shared_inbox, key_id, public_key_pem, handle, name, profile_url, fetched_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (uri) DO UPDATE SET inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, key_id = excluded.key_id,
                    public_key_pem = excluded.public_key_pem, handle = excluded.handle, name = excluded.name,
                    profile_url = excluded.profile_url, fetched_at = excluded.fetched_at
                RETURNING id
                """, arguments: [actor.uri, actor.inbox, actor.sharedInbox, actor.keyID, actor.publicKeyPEM, actor.handle, actor.name, actor.profileURL, actor.fetchedAt])
            var kept = actor
            kept.id = id
            return kept
        }
    }

    public func addFollower(actorID: Int64, followID: String, now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO follower (actor_id, follow_id, followed_at) VALUES (?, ?, ?)
                ON CONFLICT (actor_id) DO UPDATE SET follow_id = excluded.follow_id
                """, arguments: [actorID, followID, now])
        }
    }

    public func removeFollower(actorURI: String) async throws -> Bool {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM follower WHERE actor_id = (SELECT id FROM remote_actor WHERE uri = ?)", arguments: [actorURI])
            return db.changesCount > 0
        }
    }

    /// Followers with their actors; `Self.follower` reads each row.
    static let followerSelect = "SELECT \(actorColumns), follow_id, followed_at FROM follower JOIN remote_actor ON remote_actor.id = follower.actor_id"

    static func follower(_ row: Row) -> Follower {
        Follower(actor: actor(row), followID: row["follow_id"], followedAt: row["followed_at"])
    }

    public func followers(offset: Int, limit: Int) async throws -> [Follower] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "\(Self.followerSelect) ORDER BY followed_at DESC, remote_actor.id DESC LIMIT ? OFFSET ?", arguments: [limit, offset]).map(Self.follower)
        }
    }

    public func follower(actorURI: String) async throws -> Follower? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "\(Self.followerSelect) WHERE uri = ?", arguments: [actorURI]).map(Self.follower)
        }
    }

    public func followerCount() async throws -> Int {
        try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM follower") ?? 0 }
    }

    public func followerInboxes() async throws -> [String] {
        try await database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT COALESCE(shared_inbox, inbox) AS inbox FROM follower JOIN remote_actor ON remote_actor.id = follower.actor_id ORDER BY inbox")
        }
    }

    public func blockedDomains() async throws -> [String] {
        try await database.reader.read { db in try String.fetchAll(db, sql: "SELECT domain FROM blocked_domain ORDER BY domain") }
    }

    public func block(domain: String, now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO blocked_domain (domain, blocked_at) VALUES (?, ?) ON CONFLICT (domain) DO NOTHING", arguments: [domain, now])
            let followers = try Row.fetchAll(db, sql: "SELECT remote_actor.id, uri FROM follower JOIN remote_actor ON remote_actor.id = follower.actor_id")
            for row in followers where BlockedDomains.contains(URL(string: row["uri"] as String)?.host ?? "", in: [domain]) {
                try db.execute(sql: "DELETE FROM follower WHERE actor_id = ?", arguments: [row["id"] as Int64])
            }
        }
    }

    public func unblock(domain: String) async throws {
        try await database.writer.write { db in try db.execute(sql: "DELETE FROM blocked_domain WHERE domain = ?", arguments: [domain]) }
    }

    public func enqueue(_ activity: String, to inboxes: [String], now: Date) async throws {
        try await database.writer.write { db in try Self.enqueue(activity, to: inboxes, now: now, in: db) }
    }

    /// Queues one activity for each inbox, inside the caller's transaction.
    static func enqueue(_ activity: String, to inboxes: [String], now: Date, in db: Database) throws {
        for inbox in inboxes {
            try db.execute(sql: "INSERT INTO delivery (inbox, activity, created_at, next_attempt_at) VALUES (?, ?, ?, ?)", arguments: [inbox, activity, now, now])
        }
    }

    public func claimDue(now: Date, limit: Int, leaseUntil: Date) async throws -> [Delivery] {
        let sql = """
            SELECT id, inbox, activity, attempts, created_at FROM delivery
            WHERE next_attempt_at <= ?
                AND NOT EXISTS (SELECT 1 FROM delivery AS earlier WHERE earlier.inbox = delivery.inbox AND earlier.id < delivery.id AND earlier.next_attempt_at > ?)
            ORDER BY id LIMIT ?
            """
        // Read first: an empty queue, the usual case, costs no write transaction.
        let anyDue = try await database.reader.read { db in try Row.fetchOne(db, sql: sql, arguments: [now, now, 1]) != nil }
        guard anyDue else { return [] }
        return try await database.writer.write { db in
            let due = try Row.fetchAll(db, sql: sql, arguments: [now, now, limit])
                .map { Delivery(id: $0["id"], inbox: $0["inbox"], activity: $0["activity"], attempts: $0["attempts"], createdAt: $0["created_at"]) }
            for delivery in due {
                try db.execute(sql: "UPDATE delivery SET next_attempt_at = ? WHERE id = ?", arguments: [leaseUntil, delivery.id])
            }
            return due
        }
    }

    public func release(_ deliveries: [Delivery], until: Date) async throws {
        try await database.writer.write { db in
            for delivery in deliveries { try db.execute(sql: "UPDATE delivery SET next_attempt_at = ? WHERE id = ?", arguments: [until, delivery.id]) }
        }
    }

    public func delivered(_ delivery: Delivery) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM delivery WHERE id = ?", arguments: [delivery.id])
            try db.execute(sql: "DELETE FROM delivery_host WHERE host = ?", arguments: [delivery.host])
        }
    }

    public func failed(_ delivery: Delivery, error: String, retryAt: Date?, now: Date) async throws {
        try await database.writer.write { db in
            if let retryAt {
                try db.execute(sql: "UPDATE delivery SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?", arguments: [retryAt, error, delivery.id])
            } else {
                try db.execute(sql: "DELETE FROM delivery WHERE id = ?", arguments: [delivery.id])
            }
            try db.execute(sql: """
                INSERT INTO delivery_host (host, failures, last_failure_at, last_error) VALUES (?, 1, ?, ?)
                ON CONFLICT (host) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at, last_error = excluded.last_error
                """, arguments: [delivery.host, now, error])
        }
    }

    public func pendingDeliveryCount() async throws -> Int {
        try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery") ?? 0 }
    }

    public func failingHosts() async throws -> [DeliveryHostFailures] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT host, failures, last_failure_at, last_error FROM delivery_host WHERE failures > 0 ORDER BY failures DESC, host")
                .map { DeliveryHostFailures(host: $0["host"], failures: $0["failures"], lastFailureAt: $0["last_failure_at"], lastError: $0["last_error"]) }
        }
    }

    @discardableResult
    public func recordReply(objectID: String, commentID: Int64, actorURI: String) async throws -> Bool {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO comment_activity (object_id, comment_id, actor_uri) VALUES (?, ?, ?) ON CONFLICT (object_id) DO NOTHING", arguments: [objectID, commentID, actorURI])
            return db.changesCount > 0
        }
    }

    public func replyComment(objectID: String, actorURI: String) async throws -> Int64? {
        try await database.reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT comment_id FROM comment_activity WHERE object_id = ? AND actor_uri = ?", arguments: [objectID, actorURI])
        }
    }

    public func addReaction(activityID: String, postID: Int64, actorURI: String, kind: PostReactions.Kind, now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO post_reaction (activity_id, post_id, actor_uri, kind, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           arguments: [activityID, postID, actorURI, kind.rawValue, now])
        }
    }

    public func removeReaction(activityID: String, actorURI: String) async throws -> Bool {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM post_reaction WHERE activity_id = ? AND actor_uri = ?", arguments: [activityID, actorURI])
            return db.changesCount > 0
        }
    }

    public func reactions(postID: Int64) async throws -> PostReactions {
        try await database.reader.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) FILTER (WHERE kind = 'like') AS likes, count(*) FILTER (WHERE kind = 'boost') AS boosts FROM post_reaction WHERE post_id = ?
                """, arguments: [postID])
            return PostReactions(likes: row?["likes"] ?? 0, boosts: row?["boosts"] ?? 0)
        }
    }
}
