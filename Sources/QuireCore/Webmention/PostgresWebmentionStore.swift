import Foundation
import PostgresNIO

/// The Webmention tables of a PostgreSQL database; both queues are taken with `SKIP LOCKED`, so
/// every process may work them and none does a row twice.
public struct PostgresWebmentionStore: WebmentionStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func receive(source: String, target: String, postID: Int64, now: Date, limits: WebmentionLimits) async throws -> WebmentionLimits.Answer {
        let host = WebmentionLimits.host(of: source)
        return try await database.transaction { connection in
            let counts = try await connection.rows("""
                SELECT count(*)::bigint, (count(*) FILTER (WHERE source_host = \(host)))::bigint FROM webmention WHERE check_at IS NOT NULL
                """).first?.decode((Int, Int).self) ?? (0, 0)
            let answer = limits.answer(waiting: counts.0, fromHost: counts.1)
            guard answer == .kept else { return answer }
            try await connection.execute("""
                INSERT INTO webmention (source, source_host, target, post_id, received_at, check_at) VALUES (\(source), \(host), \(target), \(postID), \(now), \(now))
                ON CONFLICT (source, post_id) DO UPDATE SET target = excluded.target, check_at = excluded.check_at, received_at = excluded.received_at,
                    attempts = 0, last_error = NULL
                """)
            return .kept
        }
    }

    public func claimChecks(now: Date, limit: Int, leaseUntil: Date) async throws -> [ReceivedWebmention] {
        try await database.rows("""
            UPDATE webmention SET leased_until = \(leaseUntil)
            WHERE id IN (
                SELECT id FROM webmention WHERE check_at <= \(now) AND (leased_until IS NULL OR leased_until < \(now))
                ORDER BY check_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            )
            RETURNING id, source, target, post_id, comment_id, attempts, received_at
            """).map { row in
            let (id, source, target, postID, commentID, attempts, received) = try row.decode((Int64, String, String, Int64, Int64?, Int, Date).self)
            return ReceivedWebmention(id: id, source: source, target: target, postID: postID, commentID: commentID, attempts: attempts, receivedAt: received)
        }.sorted { $0.id < $1.id }
    }

    public func verified(_ mention: ReceivedWebmention, commentID: Int64?) async throws {
        try await database.execute("""
            UPDATE webmention SET leased_until = NULL, check_at = CASE WHEN received_at > \(mention.receivedAt) THEN check_at END,
                comment_id = \(commentID), attempts = 0, last_error = NULL
            WHERE id = \(mention.id)
            """)
    }

    public func checkFailed(_ mention: ReceivedWebmention, error: String, retryAt: Date?) async throws {
        try await database.transaction { connection in
            if retryAt == nil {
                try await connection.execute("DELETE FROM webmention WHERE id = \(mention.id) AND comment_id IS NULL AND received_at <= \(mention.receivedAt)")
            }
            try await connection.execute("""
                UPDATE webmention SET leased_until = NULL, check_at = CASE WHEN received_at > \(mention.receivedAt) THEN check_at ELSE \(retryAt) END,
                    attempts = attempts + 1, last_error = \(error)
                WHERE id = \(mention.id)
                """)
        }
    }

    public func remove(_ mention: ReceivedWebmention) async throws {
        try await database.transaction { connection in
            try await connection.execute("DELETE FROM webmention WHERE id = \(mention.id) AND received_at <= \(mention.receivedAt)")
            try await connection.execute("UPDATE webmention SET leased_until = NULL WHERE id = \(mention.id)")
        }
    }

    @discardableResult
    public func queueMentions(postKey: String, source: String?, targets: [String], now: Date) async throws -> Int {
        try await database.transaction { connection in
            let linked = try await connection.rows("DELETE FROM webmention_link WHERE post_key = \(postKey) RETURNING target, source")
                .map { try $0.decode((String, String).self) }.sorted { $0.0 < $1.0 }
            var queued: [(source: String, target: String)] = []
            if let source {
                try await connection.execute("""
                    INSERT INTO webmention_link (post_key, target, source) SELECT \(postKey), unnest(\(targets)::text[]), \(source) ON CONFLICT DO NOTHING
                    """)
                queued = targets.map { (source, $0) }
            }
            queued += linked.filter { !targets.contains($0.0) || source == nil }.map { (source ?? $0.1, $0.0) }
            try await connection.execute("""
                INSERT INTO webmention_outbox (source, target, created_at, next_attempt_at)
                SELECT queued.source, queued.target, \(now), \(now)
                FROM unnest(\(queued.map(\.source))::text[], \(queued.map(\.target))::text[]) WITH ORDINALITY AS queued (source, target, position) ORDER BY position
                """)
            return queued.count
        }
    }

    public func claimOutgoing(now: Date, limit: Int, leaseUntil: Date) async throws -> [OutgoingWebmention] {
        try await database.rows("""
            UPDATE webmention_outbox SET next_attempt_at = \(leaseUntil)
            WHERE id IN (SELECT id FROM webmention_outbox WHERE next_attempt_at <= \(now) ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id, source, target, attempts, created_at
            """).map { row in
            let (id, source, target, attempts, created) = try row.decode((Int64, String, String, Int, Date).self)
            return OutgoingWebmention(id: id, source: source, target: target, attempts: attempts, createdAt: created)
        }.sorted { $0.id < $1.id }
    }

    public func finished(_ mention: OutgoingWebmention) async throws {
        try await database.execute("DELETE FROM webmention_outbox WHERE id = \(mention.id)")
    }

    public func sendFailed(_ mention: OutgoingWebmention, error: String, retryAt: Date) async throws {
        try await database.execute("UPDATE webmention_outbox SET attempts = attempts + 1, next_attempt_at = \(retryAt), last_error = \(error) WHERE id = \(mention.id)")
    }

    public func queueDepths() async throws -> (checks: Int, sends: Int) {
        let rows = try await database.rows(
            "SELECT (SELECT count(*) FROM webmention WHERE check_at IS NOT NULL)::bigint, (SELECT count(*) FROM webmention_outbox)::bigint"
        )
        return try rows.first?.decode((Int, Int).self) ?? (0, 0)
    }
}
