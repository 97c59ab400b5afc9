import Foundation
import GRDB

extension SQLiteFederationStore {
    public func claimPublishing(now: Date, leaseUntil: Date) async throws -> PublishingState? {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO federation_state (id, started_at, checked_until) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING", arguments: [now, now])
            return try Row.fetchOne(db, sql: """
                UPDATE federation_state SET lease_until = ? WHERE id = 1 AND (lease_until IS NULL OR lease_until < ?) RETURNING started_at, checked_until
                """, arguments: [leaseUntil, now]).map { PublishingState(startedAt: $0["started_at"], checkedUntil: $0["checked_until"]) }
        }
    }

    public func postChanges(after: Date, upTo: Date) async throws -> [PostChange] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, slug, updated_at, published_at, status FROM post
                WHERE kind = 'post' AND (updated_at > ? OR (published_at > ? AND published_at <= ?)) ORDER BY id
                """, arguments: [after, after, upTo]).map {
                PostChange(id: $0["id"], slug: $0["slug"], updatedAt: $0["updated_at"], publishedAt: $0["published_at"], status: $0["status"])
            }
        }
    }

    private static func federatedPost(_ row: Row) -> FederatedPost {
        FederatedPost(objectID: row["object_id"], postID: row["post_id"], announced: row["announced"], sentVersion: row["sent_version"], deletedAt: row["deleted_at"])
    }

    public func federatedPost(postID: Int64) async throws -> FederatedPost? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM federated_post WHERE post_id = ?", arguments: [postID]).map(Self.federatedPost)
        }
    }

    public func federatedPost(objectID: String) async throws -> FederatedPost? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM federated_post WHERE object_id = ?", arguments: [objectID]).map(Self.federatedPost)
        }
    }

    public func removedPosts() async throws -> [FederatedPost] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM federated_post WHERE post_id IS NULL AND announced AND deleted_at IS NULL ORDER BY object_id")
                .map(Self.federatedPost)
        }
    }

    public func record(_ record: FederatedPost, sending activity: String?, to inboxes: [String], now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE federated_post SET post_id = NULL WHERE post_id = ? AND object_id <> ?", arguments: [record.postID, record.objectID])
            try db.execute(sql: """
                INSERT INTO federated_post (object_id, post_id, announced, sent_version, deleted_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (object_id) DO UPDATE SET post_id = excluded.post_id, announced = excluded.announced,
                    sent_version = excluded.sent_version, deleted_at = excluded.deleted_at
                """, arguments: [record.objectID, record.postID, record.announced, record.sentVersion, record.deletedAt])
            guard let activity else { return }
            try Self.enqueue(activity, to: inboxes, now: now, in: db)
        }
    }

    public func checked(until: Date) async throws {
        try await database.writer.write { db in try db.execute(sql: "UPDATE federation_state SET checked_until = ?, lease_until = NULL WHERE id = 1", arguments: [until]) }
    }
}
