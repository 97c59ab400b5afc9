import Foundation
import GRDB

/// Reads and writes comments. `submit` is the one place that decides whether a comment is taken:
/// it checks, moderates and stores it in a write transaction (shared with the submissions that
/// arrive at the same moment, see `CommentWriteQueue`), and it is on disk when `submit` returns.
///
/// Every read takes the `ReadLog` of the answer being made, so the page cache knows which posts'
/// comments that answer shows (`PageReads`).
public struct CommentStore: Sendable {
    public let database: AppDatabase
    public let settings: QuireConfig.Comments
    /// The window of the rate limit.
    public static let rateWindow: TimeInterval = 60

    public init(database: AppDatabase, settings: QuireConfig.Comments) {
        self.database = database
        self.settings = settings
    }

    var moderation: CommentModeration { CommentModeration(settings: settings) }

    // MARK: Submitting

    /// Whether a post takes comments at `now`: its own flag, and its age against
    /// `close_comments_after_days`. The post page shows the form only then.
    public func isOpen(_ post: Post, now: Date) -> Bool {
        moderation.isOpen(post, now: now)
    }

    /// Stores a reader's comment on a post with the status moderation gives it, or says why not.
    /// The checks run in this order: comments open, form token, fields, rate limit, parent.
    public func submit(_ draft: CommentDraft, to post: Post, now: Date) async throws -> CommentOutcome {
        guard let postID = post.id else { throw StoreError.notFound }
        guard isOpen(post, now: now) else { return .refused(.closed) }
        guard draft.origin != .form(validToken: false) else { return .refused(.expiredForm) }
        let errors = CommentValidator(maxCommentLength: settings.maxCommentLength).errors(in: draft)
        guard errors.isEmpty else { return .refused(.invalid(errors)) }
        let moderation = moderation
        do {
            return .stored(try await database.commentWrites.write { [self] db in
                try checkRateLimit(for: draft.clientHash, now: now, db)
                let depth = try replyDepth(for: draft.parentID, postID: postID, db)
                let hasApproved = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM comment WHERE author_email = ? AND status = 'approved')
                    """, arguments: [draft.authorEmail.trimmingCharacters(in: .whitespaces)]) ?? false
                var comment = Comment(
                    id: nil,
                    postID: postID,
                    parentID: draft.parentID,
                    depth: depth,
                    authorName: draft.authorName.trimmingCharacters(in: .whitespacesAndNewlines),
                    authorEmail: draft.authorEmail.trimmingCharacters(in: .whitespaces),
                    authorURL: draft.authorURL?.trimmingCharacters(in: .whitespaces).nonEmpty,
                    body: draft.body,
                    status: moderation.status(for: draft, hasApprovedComment: hasApproved),
                    createdAt: now,
                    clientHash: draft.clientHash,
                    userAgent: String(draft.userAgent.prefix(500))
                )
                try comment.insert(db)
                return comment
            })
        } catch let refusal as CommentRefusal {
            return .refused(refusal)
        }
    }

    /// Refuses with `rateLimited` when the client already sent `comment_rate_limit` comments in
    /// the last minute; 0 turns the limit off.
    private func checkRateLimit(for clientHash: String, now: Date, _ db: Database) throws {
        let limit = settings.commentRateLimit
        guard limit > 0 else { return }
        let since = now.addingTimeInterval(-Self.rateWindow)
        let recent = try Date.fetchAll(db, sql: """
            SELECT created_at FROM comment WHERE client_hash = ? AND created_at > ? ORDER BY created_at
            """, arguments: [clientHash, since])
        guard recent.count >= limit else { return }
        let freedAt = recent[recent.count - limit].addingTimeInterval(Self.rateWindow)
        throw CommentRefusal.rateLimited(retryAfter: max(1, Int(freedAt.timeIntervalSince(now).rounded(.up))))
    }

    /// The depth of a new comment: 1 on the post, or one more than the approved comment it
    /// answers, which must belong to the same post and leave room under `thread_depth`.
    private func replyDepth(for parentID: Int64?, postID: Int64, _ db: Database) throws -> Int {
        guard let parentID else { return 1 }
        guard let parent = try Comment.fetchOne(db, key: parentID), parent.postID == postID, parent.status == .approved else {
            throw CommentRefusal.invalid([.parent: "The comment you are replying to is not available."])
        }
        guard parent.depth < settings.threadDepth else {
            throw CommentRefusal.invalid([.parent: "Replies can't be nested more than \(settings.threadDepth) levels deep."])
        }
        return parent.depth + 1
    }

    // MARK: Reading

    /// A post's approved comments, oldest first.
    public func approvedComments(postID: Int64, log: ReadLog) async throws -> [Comment] {
        try await approvedComments(postID: postID, log: log) { _ in }.comments
    }

    /// A post's approved comments, oldest first, and what `alongside` reads, in one read: a
    /// page that needs both hands one closure to the database's queue instead of two (each trip
    /// costs two thread wake-ups, more CPU than a page's small reads).
    public func approvedComments<Other: Sendable>(
        postID: Int64, log: ReadLog, alongside: @escaping @Sendable (Database) throws -> Other
    ) async throws -> (comments: [Comment], other: Other) {
        log.note([postID])
        return try await database.reader.read { db in
            let comments = try Comment.filter(Comment.Columns.postID == postID && Comment.Columns.status == CommentStatus.approved)
                .order(Comment.Columns.createdAt, Comment.Columns.id)
                .fetchAll(db)
            return (comments, try alongside(db))
        }
    }

    /// How many approved comments each of these posts has; posts with none are left out.
    public func approvedCounts(postIDs: [Int64], log: ReadLog) async throws -> [Int64: Int] {
        try await approvedCounts(postIDs: postIDs, log: log) { _ in }.counts
    }

    /// `approvedCounts` and what `alongside` reads, in one read (see `approvedComments`).
    public func approvedCounts<Other: Sendable>(
        postIDs: [Int64], log: ReadLog, alongside: @escaping @Sendable (Database) throws -> Other
    ) async throws -> (counts: [Int64: Int], other: Other) {
        log.note(postIDs)
        return try await database.reader.read { db in
            guard !postIDs.isEmpty else { return ([:], try alongside(db)) }
            let rows = try SQLRequest<Row>(literal: """
                SELECT post_id, COUNT(*) FROM comment WHERE status = 'approved' AND post_id IN \(postIDs) GROUP BY post_id
                """).fetchAll(db)
            return (Dictionary(uniqueKeysWithValues: rows.map { row -> (Int64, Int) in (row[0], row[1]) }), try alongside(db))
        }
    }

    /// One comment of any status, with its post's slug.
    public func comment(id: Int64, log: ReadLog) async throws -> CommentEntry? {
        log.noteAllPosts()
        return try await database.reader.read { db in try Self.entry(id: id, db) }
    }

    /// Comments of one status, newest first, keyset paged.
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

    /// Moves a comment to another status and returns it.
    public func setStatus(id: Int64, to status: CommentStatus) async throws -> CommentEntry {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE comment SET status = ? WHERE id = ?", arguments: [status, id])
            guard db.changesCount > 0, let entry = try Self.entry(id: id, db) else { throw StoreError.notFound }
            return entry
        }
    }

    /// Deletes a comment for good; its replies stay, as comments on the post.
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
