import Foundation
import PostgresNIO

/// The comments of a PostgreSQL database. A new comment takes an advisory lock on its client's
/// hash, so the rate limit holds across every process serving the blog, and shares its
/// transaction with those that arrive at the same moment (`CommentWriteQueue`).
public struct PostgresCommentStore: CommentStore {
    let database: PostgresDatabase
    public let settings: QuireConfig.Comments

    public init(database: PostgresDatabase, settings: QuireConfig.Comments) {
        self.database = database
        self.settings = settings
    }

    static let columns = """
        comment.id, comment.post_id, comment.parent_id, comment.depth, comment.author_name, comment.author_email, comment.author_url,
        comment.body, comment.status, comment.created_at, comment.client_hash, comment.user_agent, comment.user_id
        """

    public func store(
        _ draft: CommentDraft, postID: Int64, now: Date, decide: @escaping @Sendable (CommentFacts) throws -> Comment
    ) async throws -> Comment {
        try await database.commentWrites.write { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(draft.clientHash), 1))")
            let recent = try await connection.rows("""
                SELECT created_at FROM comment WHERE client_hash = \(draft.clientHash) AND created_at > \(now.addingTimeInterval(-CommentFacts.rateWindow))
                ORDER BY created_at
                """).map { try $0.decode(Date.self) }
            var parent: Comment?
            if let parentID = draft.parentID {
                parent = try await connection.rows("SELECT \(unescaped: Self.columns) FROM comment WHERE id = \(parentID)").first.map(Comment.init)
            }
            let email = draft.authorEmail.trimmingCharacters(in: .whitespaces)
            let hasApproved = try await connection.rows("""
                SELECT EXISTS (SELECT 1 FROM comment WHERE lower(author_email) = lower(\(email) COLLATE "C") AND status = 'approved')
                """).first?.decode(Bool.self) ?? false
            var comment = try decide(CommentFacts(recentFromClient: recent, parent: parent, authorHasApprovedComment: hasApproved))
            comment.id = try await Self.insert(comment, connection)
            return comment
        }
    }

    static func insert(_ comment: Comment, _ connection: PostgresConnection) async throws -> Int64 {
        try await connection.rows("""
            INSERT INTO comment (post_id, parent_id, depth, author_name, author_email, author_url, body, status, created_at,
                                 client_hash, user_agent, user_id)
            VALUES (\(comment.postID), \(comment.parentID), \(comment.depth), \(comment.authorName), \(comment.authorEmail),
                    \(comment.authorURL), \(comment.body), \(comment.status.rawValue), \(comment.createdAt),
                    \(comment.clientHash), \(comment.userAgent), \(comment.userID))
            RETURNING id
            """).first?.decode(Int64.self) ?? 0
    }

    public func approvedComments(postID: Int64, log: ReadLog) async throws -> [Comment] {
        log.note([postID])
        return try await database.rows("""
            SELECT \(unescaped: Self.columns) FROM comment WHERE post_id = \(postID) AND status = 'approved' ORDER BY created_at, id
            """).map(Comment.init)
    }

    public func approvedCounts(postIDs: [Int64], log: ReadLog) async throws -> [Int64: Int] {
        log.note(postIDs)
        guard !postIDs.isEmpty else { return [:] }
        let rows = try await database.rows("""
            SELECT post_id, count(*) FROM comment WHERE status = 'approved' AND post_id = ANY (\(postIDs)) GROUP BY post_id
            """)
        return Dictionary(uniqueKeysWithValues: try rows.map { try $0.decode((Int64, Int).self) })
    }

    public func comment(id: Int64, log: ReadLog) async throws -> CommentEntry? {
        log.noteAllPosts()
        return try await database.rows("""
            SELECT \(unescaped: Self.columns), post.slug FROM comment JOIN post ON post.id = comment.post_id WHERE comment.id = \(id)
            """).first.map(CommentEntry.init)
    }

    public func comments(status: CommentStatus, after cursor: KeysetCursor?, limit: Int, log: ReadLog) async throws -> KeysetPage<CommentEntry> {
        log.noteAllPosts()
        let entries = try await database.rows("""
            SELECT \(unescaped: Self.columns), post.slug FROM comment JOIN post ON post.id = comment.post_id
            WHERE comment.status = \(status.rawValue)
              AND \(after: cursor, date: "comment.created_at", id: "comment.id")
            ORDER BY comment.created_at DESC, comment.id DESC LIMIT \(limit + 1)
            """).map(CommentEntry.init)
        return try KeysetPage.read(limit: limit) { _ in entries } cursor: { PostgresTimestamp.cursor(date: $0.comment.createdAt, id: $0.comment.id) }
    }

    public func setStatus(id: Int64, to status: CommentStatus) async throws -> CommentEntry {
        guard let entry = try await database.rows("""
            WITH changed AS (UPDATE comment SET status = \(status.rawValue) WHERE id = \(id) RETURNING *)
            SELECT \(unescaped: Self.columns.replacingOccurrences(of: "comment.", with: "changed.")), post.slug
            FROM changed JOIN post ON post.id = changed.post_id
            """).first.map(CommentEntry.init)
        else { throw StoreError.notFound }
        return entry
    }

    public func delete(id: Int64) async throws {
        guard try await !database.rows("DELETE FROM comment WHERE id = \(id) RETURNING id").isEmpty else { throw StoreError.notFound }
    }

    // MARK: The admin

    public func count(status: CommentStatus) async throws -> Int {
        try await database.rows("SELECT count(*) FROM comment WHERE status = \(status.rawValue)").first?.decode(Int.self) ?? 0
    }

    public func adminPage(status: CommentStatus, page: Int, perPage: Int) async throws -> [CommentAdminEntry] {
        try await database.rows("""
            SELECT \(unescaped: Self.columns), post.title, post.slug FROM comment JOIN post ON post.id = comment.post_id
            WHERE comment.status = \(status.rawValue)
            ORDER BY comment.created_at DESC, comment.id DESC LIMIT \(perPage) OFFSET \(min(max(page - 1, 0), 100_000) * perPage)
            """).map(CommentAdminEntry.init)
    }

    public func recent(limit: Int) async throws -> [CommentAdminEntry] {
        try await database.rows("""
            SELECT \(unescaped: Self.columns), post.title, post.slug FROM comment JOIN post ON post.id = comment.post_id
            ORDER BY comment.id DESC LIMIT \(limit)
            """).map(CommentAdminEntry.init)
    }

    public func adminEntry(id: Int64) async throws -> CommentAdminEntry? {
        try await database.rows("""
            SELECT \(unescaped: Self.columns), post.title, post.slug FROM comment JOIN post ON post.id = comment.post_id WHERE comment.id = \(id)
            """).first.map(CommentAdminEntry.init)
    }

    public func moderate(ids: [Int64], to status: CommentStatus?) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        if let status {
            return try await database.rows("UPDATE comment SET status = \(status.rawValue) WHERE id = ANY (\(ids)) RETURNING id").count
        }
        return try await database.rows("DELETE FROM comment WHERE id = ANY (\(ids)) RETURNING id").count
    }

    public func replaceText(id: Int64, body: String, authorName: String, authorURL: String?) async throws {
        guard try await !database.rows("""
            UPDATE comment SET body = \(body), author_name = \(authorName), author_url = \(authorURL) WHERE id = \(id) RETURNING id
            """).isEmpty
        else { throw StoreError.notFound }
    }

    public func storeReply(to parentID: Int64, make: @escaping @Sendable (Comment) throws -> Comment) async throws -> Comment {
        try await database.transaction { connection in
            guard let parent = try await connection.rows("SELECT \(unescaped: Self.columns) FROM comment WHERE id = \(parentID) FOR UPDATE")
                .first.map(Comment.init)
            else { throw StoreError.notFound }
            var comment = try make(parent)
            if parent.status != .approved {
                try await connection.execute("UPDATE comment SET status = 'approved' WHERE id = \(parentID)")
            }
            comment.id = try await Self.insert(comment, connection)
            return comment
        }
    }
}

extension Comment {
    /// A comment from a row that starts with `PostgresCommentStore.columns`.
    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        self.init(
            id: try cells[0].decode(Int64.self), postID: try cells[1].decode(Int64.self), parentID: try cells[2].decode(Int64?.self),
            depth: try cells[3].decode(Int.self), authorName: try cells[4].decode(String.self), authorEmail: try cells[5].decode(String.self),
            authorURL: try cells[6].decode(String?.self), body: try cells[7].decode(String.self),
            status: CommentStatus(rawValue: try cells[8].decode(String.self)) ?? .pending, createdAt: try cells[9].decode(Date.self),
            clientHash: try cells[10].decode(String.self), userAgent: try cells[11].decode(String.self), userID: try cells[12].decode(Int64?.self)
        )
    }
}

extension CommentEntry {
    init(_ row: PostgresRow) throws {
        self.init(comment: try Comment(row), postSlug: try row.makeRandomAccess()[13].decode(String.self))
    }
}

extension CommentAdminEntry {
    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        self.init(comment: try Comment(row), postTitle: try cells[13].decode(String.self), postSlug: try cells[14].decode(String.self))
    }
}
