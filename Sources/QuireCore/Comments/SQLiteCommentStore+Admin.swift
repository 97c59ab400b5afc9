import Foundation
import GRDB

/// The admin's moderation reads and writes on SQLite.
extension SQLiteCommentStore {
    public func count(status: CommentStatus) async throws -> Int {
        try await database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment WHERE status = ?", arguments: [status]) ?? 0
        }
    }

    public func adminPage(status: CommentStatus, page: Int, perPage: Int) async throws -> [CommentAdminEntry] {
        try await database.reader.read { db in
            try CommentAdminEntry.fetchAll(db, sql: """
                SELECT comment.*, post.title AS post_title, post.slug AS post_slug
                FROM comment JOIN post ON post.id = comment.post_id WHERE comment.status = ?
                ORDER BY comment.created_at DESC, comment.id DESC LIMIT ? OFFSET ?
                """, arguments: [status, perPage, min(max(page - 1, 0), 100_000) * perPage])
        }
    }

    public func recent(limit: Int) async throws -> [CommentAdminEntry] {
        try await database.reader.read { db in
            try CommentAdminEntry.fetchAll(db, sql: """
                SELECT comment.*, post.title AS post_title, post.slug AS post_slug
                FROM comment JOIN post ON post.id = comment.post_id
                ORDER BY comment.id DESC LIMIT ?
                """, arguments: [limit])
        }
    }

    public func adminEntry(id: Int64) async throws -> CommentAdminEntry? {
        try await database.reader.read { db in
            try CommentAdminEntry.fetchOne(db, sql: """
                SELECT comment.*, post.title AS post_title, post.slug AS post_slug
                FROM comment JOIN post ON post.id = comment.post_id WHERE comment.id = ?
                """, arguments: [id])
        }
    }

    public func moderate(ids: [Int64], to status: CommentStatus?) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await database.writer.write { db in
            if let status {
                try db.execute(literal: "UPDATE comment SET status = \(status) WHERE id IN \(ids)")
            } else {
                try db.execute(literal: "DELETE FROM comment WHERE id IN \(ids)")
            }
            return db.changesCount
        }
    }

    public func replaceText(id: Int64, body: String, authorName: String, authorURL: String?) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: "UPDATE comment SET body = ?, author_name = ?, author_url = ? WHERE id = ?",
                arguments: [body, authorName, authorURL, id]
            )
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
    }

    public func storeReply(to parentID: Int64, make: @escaping @Sendable (Comment) throws -> Comment) async throws -> Comment {
        try await database.writer.write { db in
            guard let parent = try Comment.fetchOne(db, key: parentID) else { throw StoreError.notFound }
            var comment = try make(parent)
            if parent.status != .approved {
                try db.execute(sql: "UPDATE comment SET status = 'approved' WHERE id = ?", arguments: [parentID])
            }
            try comment.insert(db)
            return comment
        }
    }
}

extension CommentAdminEntry: FetchableRecord {
    public init(row: Row) throws {
        self.init(comment: try Comment(row: row), postTitle: row["post_title"], postSlug: row["post_slug"])
    }
}
