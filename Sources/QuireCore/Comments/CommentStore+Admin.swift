import Foundation
import GRDB

/// What the admin's moderation screens do beyond the API's: counts, pages with the post's
/// title, several comments at once, editing, and replies written as the post's author.
extension CommentStore {
    /// A comment with the title and slug of its post, for the moderation queue.
    public struct AdminEntry: Sendable, Equatable, FetchableRecord {
        public var comment: Comment
        public var postTitle: String
        public var postSlug: String

        public init(row: Row) throws {
            comment = try Comment(row: row)
            postTitle = row["post_title"]
            postSlug = row["post_slug"]
        }
    }

    public func count(status: CommentStatus) async throws -> Int {
        try await database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment WHERE status = ?", arguments: [status]) ?? 0
        }
    }

    /// One page of the comments of a status, newest first.
    public func adminPage(status: CommentStatus, page: Int, perPage: Int) async throws -> [AdminEntry] {
        try await database.reader.read { db in
            try AdminEntry.fetchAll(db, sql: """
                SELECT comment.*, post.title AS post_title, post.slug AS post_slug
                FROM comment JOIN post ON post.id = comment.post_id WHERE comment.status = ?
                ORDER BY comment.created_at DESC, comment.id DESC LIMIT ? OFFSET ?
                """, arguments: [status, perPage, min(max(page - 1, 0), 100_000) * perPage])
        }
    }

    /// The newest comments of every status.
    public func recent(limit: Int) async throws -> [AdminEntry] {
        try await database.reader.read { db in
            try AdminEntry.fetchAll(db, sql: """
                SELECT comment.*, post.title AS post_title, post.slug AS post_slug
                FROM comment JOIN post ON post.id = comment.post_id
                ORDER BY comment.id DESC LIMIT ?
                """, arguments: [limit])
        }
    }

    public func adminEntry(id: Int64) async throws -> AdminEntry? {
        try await database.reader.read { db in
            try AdminEntry.fetchOne(db, sql: """
                SELECT comment.*, post.title AS post_title, post.slug AS post_slug
                FROM comment JOIN post ON post.id = comment.post_id WHERE comment.id = ?
                """, arguments: [id])
        }
    }

    /// Moves several comments to a status, or deletes them (`status` nil), in one transaction;
    /// returns how many there were.
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

    /// Changes what a comment says and who it is from; the same rules as a reader's comment.
    public func edit(id: Int64, body: String, authorName: String, authorURL: String?) async throws {
        // The email isn't edited here; a placeholder lets the shared rules check the rest.
        let draft = CommentDraft(
            authorName: authorName, authorEmail: "unchanged@example.com",
            authorURL: authorURL?.trimmingCharacters(in: .whitespaces).nonEmpty, body: body, clientHash: "", origin: .admin
        )
        if let (field, message) = CommentValidator(maxCommentLength: settings.maxCommentLength).errors(in: draft).first {
            throw StoreError.invalid(field: field.formName, message: message)
        }
        try await database.writer.write { db in
            try db.execute(
                sql: "UPDATE comment SET body = ?, author_name = ?, author_url = ? WHERE id = ?",
                arguments: [body, authorName.trimmingCharacters(in: .whitespacesAndNewlines), draft.authorURL, id]
            )
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
    }

    /// A reply to a comment written by a signed-in user, published at once and marked as
    /// theirs; the comment answered is approved with it (as WordPress's "Approve and Reply").
    public func reply(to parentID: Int64, body: String, by user: User, now: Date) async throws -> Comment {
        let draft = CommentDraft(authorName: user.name, authorEmail: user.email, body: body, parentID: parentID, clientHash: "admin", origin: .admin)
        if let (field, message) = CommentValidator(maxCommentLength: settings.maxCommentLength).errors(in: draft).first {
            throw StoreError.invalid(field: field.formName, message: message)
        }
        return try await database.writer.write { [settings] db in
            guard let parent = try Comment.fetchOne(db, key: parentID) else { throw StoreError.notFound }
            guard parent.depth < settings.threadDepth else {
                throw StoreError.invalid(field: "comment", message: "replies can't be nested more than \(settings.threadDepth) levels deep")
            }
            if parent.status != .approved {
                try db.execute(sql: "UPDATE comment SET status = 'approved' WHERE id = ?", arguments: [parentID])
            }
            var comment = Comment(
                id: nil, postID: parent.postID, parentID: parentID, depth: parent.depth + 1, authorName: user.name,
                authorEmail: user.email, authorURL: nil, body: body, status: .approved, createdAt: now,
                clientHash: "admin", userAgent: "", userID: user.id
            )
            try comment.insert(db)
            return comment
        }
    }
}
