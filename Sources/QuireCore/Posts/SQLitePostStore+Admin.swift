import Foundation
import GRDB

/// What the admin's post screens read from SQLite: lists of every status, counts, the next scheduled post.
extension SQLitePostStore {
    /// One page of posts for the admin, most recently saved first, without bodies; and how many
    /// match in all.
    public func adminPage(_ filter: PostAdminFilter, page: Int, perPage: Int, now: Date) async throws -> (posts: [PostWithTags], total: Int) {
        try await database.reader.read { db in
            var request = Post.filter(literal: "post.kind = \(sql: filter.kind.literalSQL)")
            if let status = filter.status { request = request.filter(literal: Self.hasStatusSQL(status, at: now, kind: filter.kind)) }
            if let owner = filter.ownerID { request = request.filter(sql: "post.owner_id = ?", arguments: [owner]) }
            if let pattern = filter.titlePattern {
                request = request.filter(sql: "post.title LIKE ? ESCAPE '\\'", arguments: [pattern])
            }
            let total = try request.fetchCount(db)
            let offset = min(max(page - 1, 0), 100_000) * perPage
            let posts = try request.summaries().order(sql: "post.updated_at DESC, post.id DESC").limit(perPage, offset: offset).fetchAllWithTags(db)
            return (posts, total)
        }
    }

    /// How many posts (or pages) have each status (an author's own, with `ownerID`).
    public func statusCounts(ownerID: Int64?, kind: PostKind = .post, now: Date) async throws -> [PostStatus: Int] {
        try await database.reader.read { db in
            var counts: [PostStatus: Int] = [:]
            for status in PostStatus.allCases {
                counts[status] = try SQLRequest<Int>(literal: """
                    SELECT COUNT(*) FROM post WHERE \(Self.hasStatusSQL(status, at: now, kind: kind)) AND (\(ownerID) IS NULL OR owner_id = \(ownerID))
                    """).fetchOne(db) ?? 0
            }
            return counts
        }
    }

    /// Posts whose status readers see at `now` is `status` (a scheduled post whose time has
    /// come counts as published, as `Post.status(at:)` says).
    static func hasStatusSQL(_ status: PostStatus, at now: Date, kind: PostKind = .post) -> SQL {
        switch status {
        case .draft: "post.kind = \(sql: kind.literalSQL) AND post.status = 'draft'"
        case .published: Post.isPublicSQL(at: now, kind: kind)
        case .scheduled: Post.becomesPublicSQL(after: now, kind: kind)
        }
    }

    /// The scheduled post that will be published next, after `now`.
    public func nextScheduled(ownerID: Int64?, now: Date) async throws -> Post? {
        try await database.reader.read { db in
            try Post.fetchOne(db, SQLRequest<Post>(literal: """
                SELECT \(sql: Post.summaryColumnsSQL) FROM post
                WHERE \(Post.becomesPublicSQL(after: now)) AND (\(ownerID) IS NULL OR owner_id = \(ownerID))
                ORDER BY published_at, id LIMIT 1
                """))
        }
    }

    /// A post by id with its version and owner, or nil.
    public func editable(id: Int64) async throws -> EditablePost? {
        try await database.reader.read { db in try Self.editable(Post.filter(key: id), db) }
    }

}
