import Foundation
import GRDB

/// The comments of a SQLite database. New comments share write transactions with those that
/// arrive at the same moment (`CommentWriteQueue`).
public struct SQLiteCommentStore: CommentStore {
    public let database: AppDatabase
    public let settings: QuireConfig.Comments

    public init(database: AppDatabase, settings: QuireConfig.Comments) {
        self.database = database
        self.settings = settings
    }

    // MARK: Submitting

    public func store(
        _ draft: CommentDraft, postID: Int64, now: Date, decide: @escaping @Sendable (CommentFacts) throws -> Comment
    ) async throws -> Comment {
        try await database.commentWrites.write { db in
            let recent = try Date.fetchAll(db, sql: """
                SELECT created_at FROM comment WHERE client_hash = ? AND created_at > ? ORDER BY created_at
                """, arguments: [draft.clientHash, now.addingTimeInterval(-CommentFacts.rateWindow)])
            let parent = try draft.parentID.flatMap { try Comment.fetchOne(db, key: $0) }
            let hasApproved = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM comment WHERE author_email = ? AND status = 'approved')
                """, arguments: [draft.authorEmail.trimmingCharacters(in: .whitespaces)]) ?? false
            var comment = try decide(CommentFacts(recentFromClient: recent, parent: parent, authorHasApprovedComment: hasApproved))
            try comment.insert(db)
            return comment
        }
    }

    // MARK: Reading

    public func approvedComments(postID: Int64, log: ReadLog) async throws -> [Comment] {
        log.note([postID])
        return try await database.reader.read { db in
            try Comment.filter(Comment.Columns.postID == postID && Comment.Columns.status == CommentStatus.approved)
                .order(Comment.Columns.createdAt, Comment.Columns.id)
                .fetchAll(db)
        }
    }

    public func approvedCounts(postIDs: [Int64], log: ReadLog) async throws -> [Int64: Int] {
        log.note(postIDs)
        guard !postIDs.isEmpty else { return [:] }
        return try await database.reader.read { db in
            let rows = try SQLRequest<Row>(literal: """
                SELECT post_id, COUNT(*) FROM comment WHERE status = 'approved' AND post_id IN \(postIDs) GROUP BY post_id
                """).fetchAll(db)
            return Dictionary(uniqueKeysWithValues: rows.map { row -> (Int64, Int) in (row[0], row[1]) })
        }
    }

    public func comment(id: Int64, log: ReadLog) async throws -> CommentEntry? {
        log.noteAllPosts()
        return try await database.reader.read { db in try Self.entry(id: id, db) }
    }

    public func comments(status: CommentStatus, after cursor: KeysetCursor?, limit: Int, log: ReadLog) async throws -> KeysetPage<CommentEntry> {
        log.noteAllPosts()
        return try await database.reader.read { db in
            var sql: SQL = "SELECT comment.*, post.slug AS post_slug FROM comment JOIN post ON post.id = comment.post_id WHERE comment.status = \(status)"
            if let cursor {
                sql += " AND \(cursor.precedingRowsSQL(date: "comment.created_at", id: "comment.id"))"
            }
            return try KeysetPage.read(limit: limit) { rows in
                try SQLRequest<CommentEntry>(literal: sql + " ORDER BY comment.created_at DESC, comment.id DESC LIMIT \(rows)").fetchAll(db)
            } cursor: { KeysetCursor(date: $0.comment.createdAt, id: $0.comment.id) }
        }
    }

    // MARK: Moderating

    public func setStatus(id: Int64, to status: CommentStatus) async throws -> CommentEntry {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE comment SET status = ? WHERE id = ?", arguments: [status, id])
            guard db.changesCount > 0, let entry = try Self.entry(id: id, db) else { throw StoreError.notFound }
            return entry
        }
    }

    public func delete(id: Int64) async throws {
        try await database.writer.write { db in
            guard try Comment.deleteOne(db, key: id) else { throw StoreError.notFound }
        }
    }

    private static func entry(id: Int64, _ db: Database) throws -> CommentEntry? {
        try CommentEntry.fetchOne(db, sql: """
            SELECT comment.*, post.slug AS post_slug FROM comment JOIN post ON post.id = comment.post_id WHERE comment.id = ?
            """, arguments: [id])
    }
}
