import Foundation
import PostgresNIO

extension PostgresFederationStore {
    public func claimPublishing(now: Date, leaseUntil: Date) async throws -> PublishingState? {
        try await database.execute("INSERT INTO federation_state (id, started_at, checked_until) VALUES (1, \(now), \(now)) ON CONFLICT (id) DO NOTHING")
        return try await database.rows("""
            UPDATE federation_state SET lease_until = \(leaseUntil) WHERE id = 1 AND (lease_until IS NULL OR lease_until < \(now))
            RETURNING started_at, checked_until
            """).first.map { row in
            let (started, checked) = try row.decode((Date, Date).self)
            return PublishingState(startedAt: started, checkedUntil: checked)
        }
    }

    public func postChanges(after: Date, upTo: Date) async throws -> [PostChange] {
        try await database.rows("""
            SELECT id, slug, updated_at, published_at, status FROM post
            WHERE kind = 'post' AND (updated_at > \(after) OR (published_at > \(after) AND published_at <= \(upTo))) ORDER BY id
            """).map { row in
            let (id, slug, updated, published, status) = try row.decode((Int64, String, Date, Date?, String).self)
            return PostChange(id: id, slug: slug, updatedAt: updated, publishedAt: published, status: PostStatus(rawValue: status) ?? .draft)
        }
    }

    private static let columns = "object_id, post_id, announced, sent_version, deleted_at"

    private static func federatedPost(_ row: PostgresRow) throws -> FederatedPost {
        let (objectID, postID, announced, sent, deleted) = try row.decode((String, Int64?, Bool, Date?, Date?).self)
        return FederatedPost(objectID: objectID, postID: postID, announced: announced, sentVersion: sent, deletedAt: deleted)
    }

    public func federatedPost(postID: Int64) async throws -> FederatedPost? {
        try await database.rows("SELECT \(unescaped: Self.columns) FROM federated_post WHERE post_id = \(postID)").first.map(Self.federatedPost)
    }

    public func federatedPost(objectID: String) async throws -> FederatedPost? {
        try await database.rows("SELECT \(unescaped: Self.columns) FROM federated_post WHERE object_id = \(objectID)").first.map(Self.federatedPost)
    }

    public func removedPosts() async throws -> [FederatedPost] {
        try await database.rows("SELECT \(unescaped: Self.columns) FROM federated_post WHERE post_id IS NULL AND announced AND deleted_at IS NULL ORDER BY object_id")
            .map(Self.federatedPost)
    }

    public func record(_ record: FederatedPost, sending activity: String?, to inboxes: [String], now: Date) async throws {
        try await database.transaction { connection in
            try await connection.execute("UPDATE federated_post SET post_id = NULL WHERE post_id = \(record.postID) AND object_id <> \(record.objectID)")
            try await connection.execute("""
                INSERT INTO federated_post (object_id, post_id, announced, sent_version, deleted_at)
                VALUES (\(record.objectID), \(record.postID), \(record.announced), \(record.sentVersion), \(record.deletedAt))
                ON CONFLICT (object_id) DO UPDATE SET post_id = excluded.post_id, announced = excluded.announced,
                    sent_version = excluded.sent_version, deleted_at = excluded.deleted_at
                """)
            guard let activity, !inboxes.isEmpty else { return }
            try await connection.execute(Self.enqueueing(activity, to: inboxes, now: now))
        }
    }

    public func checked(until: Date) async throws {
        try await database.execute("UPDATE federation_state SET checked_until = \(until), lease_until = NULL WHERE id = 1")
    }
}
