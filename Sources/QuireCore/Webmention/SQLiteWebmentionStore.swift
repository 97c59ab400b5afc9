import Foundation
import GRDB

/// The Webmention tables of a SQLite database. A claim reads before it writes, so an empty
/// queue costs no write transaction each time the background work looks.
public struct SQLiteWebmentionStore: WebmentionStore {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func receive(source: String, target: String, postID: Int64, now: Date, limits: WebmentionLimits) async throws -> WebmentionLimits.Answer {
        let host = WebmentionLimits.host(of: source)
        return try await database.writer.write { db in
            let counts = try Row.fetchOne(db, sql: """
                SELECT count(*) AS waiting, count(*) FILTER (WHERE source_host = ?) AS from_host FROM webmention WHERE check_at IS NOT NULL
                """, arguments: [host])
            let answer = limits.answer(waiting: counts?["waiting"] ?? 0, fromHost: counts?["from_host"] ?? 0)
            guard answer == .kept else { return answer }
            try db.execute(sql: """
                INSERT INTO webmention (source, source_host, target, post_id, received_at, check_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (source, post_id) DO UPDATE SET target = excluded.target, check_at = excluded.check_at, received_at = excluded.received_at,
                    attempts = 0, last_error = NULL
                """, arguments: [source, host, target, postID, now, now])
            return .kept
        }
    }

    public func claimChecks(now: Date, limit: Int, leaseUntil: Date) async throws -> [ReceivedWebmention] {
        let sql = """
            SELECT id, source, target, post_id, comment_id, attempts, received_at FROM webmention
            WHERE check_at <= ? AND (leased_until IS NULL OR leased_until < ?) ORDER BY check_at, id LIMIT ?
            """
        let anyDue = try await database.reader.read { db in try Row.fetchOne(db, sql: sql, arguments: [now, now, 1]) != nil }
        guard anyDue else { return [] }
        return try await database.writer.write { db in
            let due = try Row.fetchAll(db, sql: sql, arguments: [now, now, limit]).map {
                ReceivedWebmention(id: $0["id"], source: $0["source"], target: $0["target"], postID: $0["post_id"], commentID: $0["comment_id"], attempts: $0["attempts"], receivedAt: $0["received_at"])
            }
            for mention in due { try db.execute(sql: "UPDATE webmention SET leased_until = ? WHERE id = ?", arguments: [leaseUntil, mention.id]) }
            return due
        }
    }

    /// Ends a check: `next` is when to check again (nil: not unless sent again), unless the
    /// mention was sent again while it ran, which keeps it due.
    private func endCheck(_ mention: ReceivedWebmention, next: Date?, extra: String, arguments: StatementArguments, in db: Database) throws {
        try db.execute(sql: """
            UPDATE webmention SET leased_until = NULL, check_at = CASE WHEN received_at > ? THEN check_at ELSE ? END\(extra) WHERE id = ?
            """, arguments: [mention.receivedAt, next] + arguments + [mention.id])
    }

    public func verified(_ mention: ReceivedWebmention, commentID: Int64?) async throws {
        try await database.writer.write { db in
            try endCheck(mention, next: nil, extra: ", comment_id = ?, attempts = 0, last_error = NULL", arguments: [commentID], in: db)
        }
    }

    public func checkFailed(_ mention: ReceivedWebmention, error: String, retryAt: Date?) async throws {
        try await database.writer.write { db in
            if retryAt == nil {
                try db.execute(sql: "DELETE FROM webmention WHERE id = ? AND comment_id IS NULL AND received_at <= ?", arguments: [mention.id, mention.receivedAt])
            }
            try endCheck(mention, next: retryAt, extra: ", attempts = attempts + 1, last_error = ?", arguments: [error], in: db)
        }
    }

    public func remove(_ mention: ReceivedWebmention) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM webmention WHERE id = ? AND received_at <= ?", arguments: [mention.id, mention.receivedAt])
            try endCheck(mention, next: nil, extra: "", arguments: [], in: db)
        }
    }

    @discardableResult
    public func queueMentions(postKey: String, source: String?, targets: [String], now: Date) async throws -> Int {
        try await database.writer.write { db in
            let linked = try Row.fetchAll(db, sql: "SELECT target, source FROM webmention_link WHERE post_key = ? ORDER BY target", arguments: [postKey])
                .map { (target: $0["target"] as String, source: $0["source"] as String) }
            try db.execute(sql: "DELETE FROM webmention_link WHERE post_key = ?", arguments: [postKey])
            var queued: [(source: String, target: String)] = []
            if let source {
                for target in targets {
                    try db.execute(sql: "INSERT OR IGNORE INTO webmention_link (post_key, target, source) VALUES (?, ?, ?)", arguments: [postKey, target, source])
                    queued.append((source, target))
                }
            }
            queued += linked.filter { !targets.contains($0.target) || source == nil }.map { (source ?? $0.source, $0.target) }
            for (source, target) in queued {
                try db.execute(sql: "INSERT INTO webmention_outbox (source, target, created_at, next_attempt_at) VALUES (?, ?, ?, ?)", arguments: [source, target, now, now])
            }
            return queued.count
        }
    }

    public func claimOutgoing(now: Date, limit: Int, leaseUntil: Date) async throws -> [OutgoingWebmention] {
        let sql = "SELECT id, source, target, attempts, created_at FROM webmention_outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
        let anyDue = try await database.reader.read { db in try Row.fetchOne(db, sql: sql, arguments: [now, 1]) != nil }
        guard anyDue else { return [] }
        return try await database.writer.write { db in
            let due = try Row.fetchAll(db, sql: sql, arguments: [now, limit]).map {
                OutgoingWebmention(id: $0["id"], source: $0["source"], target: $0["target"], attempts: $0["attempts"], createdAt: $0["created_at"])
            }
            for mention in due { try db.execute(sql: "UPDATE webmention_outbox SET next_attempt_at = ? WHERE id = ?", arguments: [leaseUntil, mention.id]) }
            return due
        }
    }

    public func finished(_ mention: OutgoingWebmention) async throws {
        try await database.writer.write { db in try db.execute(sql: "DELETE FROM webmention_outbox WHERE id = ?", arguments: [mention.id]) }
    }

    public func sendFailed(_ mention: OutgoingWebmention, error: String, retryAt: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE webmention_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?", arguments: [retryAt, error, mention.id])
        }
    }

    public func queueDepths() async throws -> (checks: Int, sends: Int) {
        try await database.reader.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT (SELECT count(*) FROM webmention WHERE check_at IS NOT NULL), (SELECT count(*) FROM webmention_outbox)"
            )
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }
}
