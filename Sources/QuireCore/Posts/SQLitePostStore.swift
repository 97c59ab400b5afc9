import Foundation
import GRDB

/// The posts of a SQLite database: the search index is kept in step by the schema's triggers,
/// and related-post keywords in each write's transaction.
public struct SQLitePostStore: PostStore {
    public let database: AppDatabase
    /// The author named on posts that name none: the config's `site.author`.
    public let defaultAuthor: String
    /// When related-post keywords are computed.
    public var keywords = KeywordTiming.withEachWrite

    public enum KeywordTiming: Sendable {
        /// In the transaction that writes the post.
        case withEachWrite
        /// Later, for many posts at once, by `PostKeywords.refreshStale`, which imports run at
        /// their end: each post's cost then no longer grows with the blog.
        case deferred
    }

    public init(database: AppDatabase, defaultAuthor: String) {
        self.database = database
        self.defaultAuthor = defaultAuthor
    }

    // MARK: Reading

    /// A post readers may see at `now`, or nil.
    public func publicPost(slug: String, now: Date) async throws -> PostWithTags? {
        try await database.reader.read { db in
            let post = try Post.fetchOne(db, SQLRequest<Post>(literal: "SELECT * FROM post WHERE slug = \(slug) AND \(Post.isPublicSQL(at: now))", cached: true))
            return try post.map { try PostWithTags.attachingTags(to: [$0], db)[0] }
        }
    }

    /// The id of the post with this slug if readers may see it at `now`: all an answer about
    /// the post's neighbours needs, without reading the post.
    public func publicPostID(slug: String, now: Date) async throws -> Int64? {
        try await database.reader.read { db in
            try Int64.fetchOne(db, SQLRequest<Int64>(literal: "SELECT id FROM post WHERE slug = \(slug) AND \(Post.isPublicSQL(at: now))", cached: true))
        }
    }

    /// A post whatever its status, or nil.
    public func post(slug: String) async throws -> PostWithTags? {
        try await database.reader.read { db in
            try Post.filter(Post.Columns.slug == slug).fetchAllWithTags(db).first
        }
    }

    /// One page of public posts, newest first, optionally only those with a tag; with their
    /// bodies (for a feed) or without (left empty: for a list of summaries).
    public func publicPage(_ page: Int, perPage: Int, tagSlug: String? = nil, bodies: Bool, now: Date) async throws -> PostPage {
        try await database.reader.read { db in
            var request = Post.all().publiclyVisible(at: now)
            if let tagSlug { request = request.tagged(slug: tagSlug) }
            let total = try request.fetchCount(db)
            let (offset, overflow) = max(page - 1, 0).multipliedReportingOverflow(by: perPage)
            let rows = bodies ? request : request.summaries()
            let posts = overflow || offset >= total ? [] : try rows.newestFirst().limit(perPage, offset: offset).fetchAllWithTags(db)
            return PostPage(posts: posts, page: page, perPage: perPage, totalCount: total)
        }
    }

    /// Up to `limit` public posts after the cursor, newest first, and the cursor for the next
    /// ones; optionally only those with a tag, or matching a search. Without their bodies (left
    /// empty): these are lists of summaries.
    public func publicPosts(after cursor: KeysetCursor?, limit: Int, tagSlug: String? = nil, matching query: SearchQuery? = nil, now: Date) async throws -> KeysetPage<PostWithTags> {
        try await database.reader.read { db in
            var request = Post.all().publiclyVisible(at: now).summaries()
            if let tagSlug { request = request.tagged(slug: tagSlug) }
            if let query { request = request.matching(query) }
            if let cursor { request = request.after(cursor) }
            return try KeysetPage.read(limit: limit) { rows in
                try request.newestFirst().limit(rows).fetchAllWithTags(db)
            } cursor: { KeysetCursor(date: $0.post.publishedAt, id: $0.post.id) }
        }
    }

    /// Posts with a status as readers would see it at `now`, for authors: published (newest first
    /// by date), scheduled (still in the future, latest first) or drafts (last edited first).
    public func posts(status: PostStatus, after cursor: KeysetCursor?, limit: Int, now: Date) async throws -> KeysetPage<PostWithTags> {
        try await database.reader.read { db in
            var request: QueryInterfaceRequest<Post>
            let dateColumn: String
            switch status {
            case .published:
                request = Post.all().publiclyVisible(at: now)
                dateColumn = "published_at"
            case .scheduled:
                request = Post.filter(literal: Post.becomesPublicSQL(after: now))
                dateColumn = "published_at"
            case .draft:
                request = Post.filter(literal: Self.hasStatusSQL(.draft, at: now))
                dateColumn = "updated_at"
            }
            if let cursor {
                request = request.filter(literal: cursor.precedingRowsSQL(date: "post.\(dateColumn)", id: "post.id"))
            }
            return try KeysetPage.read(limit: limit) { rows in
                try request.order(sql: "post.\(dateColumn) DESC, post.id DESC").limit(rows).fetchAllWithTags(db)
            } cursor: { entry in
                KeysetCursor(date: status == .draft ? entry.post.updatedAt : entry.post.publishedAt, id: entry.post.id)
            }
        }
    }

    /// The current slug of the post that had `slug` before it was renamed, if that post is still
    /// there and, when `publicAt` is given, public then.
    public func renamedSlug(from slug: String, publicAt now: Date?) async throws -> String? {
        try await database.reader.read { db in
            var request = Post.filter(sql: "post.id = (SELECT post_id FROM post_slug_redirect WHERE old_slug = ?)", arguments: [slug])
            if let now { request = request.publiclyVisible(at: now) }
            return try request.fetchOne(db)?.slug
        }
    }

    /// The tag with this slug, whether or not it has public posts.
    public func tag(slug: String) async throws -> Tag? {
        try await database.reader.read { db in try Tag.filter(Tag.Columns.slug == slug).fetchOne(db) }
    }

    /// Every tag with at least one public post, by name, with how many it has.
    public func publicTags(now: Date) async throws -> [TagCount] {
        try await database.reader.read { db in
            try SQLRequest<TagCount>(literal: """
                SELECT tag.id, tag.name, tag.slug, COUNT(*) AS post_count
                FROM tag
                JOIN post_tag ON post_tag.tag_id = tag.id
                JOIN post ON post.id = post_tag.post_id
                WHERE \(Post.isPublicSQL(at: now))
                GROUP BY tag.id
                ORDER BY tag.name COLLATE NOCASE
                """).fetchAll(db)
        }
    }

    /// How many posts readers may see at `now`.
    public func publicCount(now: Date) async throws -> Int {
        try await database.reader.read { db in try Post.all().publiclyVisible(at: now).fetchCount(db) }
    }

    /// Public posts' slugs and last changes, oldest id first, for the sitemap.
    public func publicSlugs(offset: Int, limit: Int, now: Date) async throws -> [(slug: String, updatedAt: Date)] {
        try await database.reader.read { db in
            try SQLRequest<Row>(literal: """
                SELECT slug, updated_at FROM post WHERE \(Post.isPublicSQL(at: now)) ORDER BY id LIMIT \(limit) OFFSET \(offset)
                """).fetchAll(db)
                .map { ($0["slug"], $0["updated_at"]) }
        }
    }

    /// How many posts there are, of any status.
    public func count() async throws -> Int {
        try await database.reader.read { db in try Post.fetchCount(db) }
    }
}
