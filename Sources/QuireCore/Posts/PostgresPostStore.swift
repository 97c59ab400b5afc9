import Foundation
import PostgresNIO

/// The posts of a PostgreSQL database: the search index is kept in step by the schema's
/// triggers (`post_search`). Related-post keywords are not computed on PostgreSQL yet
/// (docs/postgres.md).
public struct PostgresPostStore: PostStore {
    let database: PostgresDatabase
    public let defaultAuthor: String

    public init(database: PostgresDatabase, defaultAuthor: String) {
        self.database = database
        self.defaultAuthor = defaultAuthor
    }

    static let summaries = Post.postgresColumns(bodies: false)
    static let bodies = Post.postgresColumns(bodies: true)

    // MARK: Reading

    public func publicPost(slug: String, now: Date) async throws -> PostWithTags? {
        let posts = try await database.rows("SELECT \(unescaped: Self.bodies) FROM post WHERE slug = \(slug) AND \(publicAt: now)").map(Post.init)
        return try await withTags(posts).first
    }

    public func publicPostID(slug: String, now: Date) async throws -> Int64? {
        try await database.rows("SELECT id FROM post WHERE slug = \(slug) AND \(publicAt: now)").first?.decode(Int64.self)
    }

    public func post(slug: String) async throws -> PostWithTags? {
        let posts = try await database.rows("SELECT \(unescaped: Self.bodies) FROM post WHERE slug = \(slug)").map(Post.init)
        return try await withTags(posts).first
    }

    public func publicPage(_ page: Int, perPage: Int, tagSlug: String?, bodies: Bool, now: Date) async throws -> PostPage {
        let total = try await database.rows("SELECT count(*) FROM post WHERE \(publicAt: now) \(taggedWith: tagSlug)").first?.decode(Int.self) ?? 0
        let (offset, overflow) = max(page - 1, 0).multipliedReportingOverflow(by: perPage)
        guard !overflow, offset < total else { return PostPage(posts: [], page: page, perPage: perPage, totalCount: total) }
        let posts = try await database.rows("""
            SELECT \(unescaped: bodies ? Self.bodies : Self.summaries) FROM post WHERE \(publicAt: now) \(taggedWith: tagSlug)
            ORDER BY post.published_at DESC, post.id DESC LIMIT \(perPage) OFFSET \(offset)
            """).map(Post.init)
        return PostPage(posts: try await withTags(posts), page: page, perPage: perPage, totalCount: total)
    }

    public func publicPosts(after cursor: KeysetCursor?, limit: Int, tagSlug: String?, matching query: SearchQuery?, now: Date) async throws -> KeysetPage<PostWithTags> {
        let found = try await database.rows("""
            SELECT \(unescaped: Self.summaries) FROM post WHERE \(publicAt: now) \(taggedWith: tagSlug)
            \(matching: query) AND \(after: cursor, date: "post.published_at", id: "post.id")
            ORDER BY post.published_at DESC, post.id DESC LIMIT \(limit + 1)
            """).map(Post.init)
        let entries = try await withTags(found)
        return try KeysetPage.read(limit: limit) { _ in entries } cursor: { PostgresTimestamp.cursor(date: $0.post.publishedAt, id: $0.post.id) }
    }

    public func posts(status: PostStatus, after cursor: KeysetCursor?, limit: Int, now: Date) async throws -> KeysetPage<PostWithTags> {
        let dateColumn = status == .draft ? "updated_at" : "published_at"
        let found = try await database.rows("""
            SELECT \(unescaped: Self.summaries) FROM post WHERE \(hasStatus: status, at: now, kind: .post) AND \(after: cursor, date: "post.\(dateColumn)", id: "post.id")
            ORDER BY post.\(unescaped: dateColumn) DESC, post.id DESC LIMIT \(limit + 1)
            """).map(Post.init)
        let entries = try await withTags(found)
        return try KeysetPage.read(limit: limit) { _ in entries } cursor: { entry in
            PostgresTimestamp.cursor(date: status == .draft ? entry.post.updatedAt : entry.post.publishedAt, id: entry.post.id)
        }
    }

    public func renamedSlug(from slug: String, publicAt now: Date?) async throws -> String? {
        try await database.rows("""
            SELECT slug FROM post WHERE post.id = (SELECT post_id FROM post_slug_redirect WHERE old_slug = \(slug)) \(andPublicAt: now)
            """).first?.decode(String.self)
    }

    public func tag(slug: String) async throws -> Tag? {
        try await database.rows("SELECT id, name, slug FROM tag WHERE slug = \(slug)").first.map(Tag.init)
    }

    public func publicTags(now: Date) async throws -> [TagCount] {
        try await database.rows("""
            SELECT tag.id, tag.name, tag.slug, count(*) FROM tag
            JOIN post_tag ON post_tag.tag_id = tag.id
            JOIN post ON post.id = post_tag.post_id
            WHERE \(publicAt: now)
            GROUP BY tag.id ORDER BY lower(tag.name), tag.id
            """).map { row in
            let (id, name, slug, count) = try row.decode((Int64, String, String, Int).self)
            return TagCount(id: id, name: name, slug: slug, postCount: count)
        }
    }

    public func publicCount(now: Date) async throws -> Int {
        try await database.rows("SELECT count(*) FROM post WHERE \(publicAt: now)").first?.decode(Int.self) ?? 0
    }

    public func publicSlugs(offset: Int, limit: Int, now: Date) async throws -> [(slug: String, updatedAt: Date)] {
        try await database.rows("SELECT slug, updated_at FROM post WHERE \(publicAt: now) ORDER BY id LIMIT \(limit) OFFSET \(offset)")
            .map { row in try row.decode((String, Date).self) }
            .map { (slug: $0.0, updatedAt: $0.1) }
    }

    public func count() async throws -> Int {
        try await database.rows("SELECT count(*) FROM post").first?.decode(Int.self) ?? 0
    }

    /// The posts with their tags, tags in name order (ASCII case folded), in one query.
    func withTags(_ posts: [Post]) async throws -> [PostWithTags] {
        let ids = posts.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        var tags: [Int64: [Tag]] = [:]
        for row in try await database.rows("""
            SELECT post_tag.post_id, tag.id, tag.name, tag.slug FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
            WHERE post_tag.post_id = ANY (\(ids)) ORDER BY lower(tag.name), tag.id
            """) {
            let (postID, id, name, slug) = try row.decode((Int64, Int64, String, String).self)
            tags[postID, default: []].append(Tag(id: id, name: name, slug: slug))
        }
        return posts.map { PostWithTags(post: $0, tags: $0.id.flatMap { tags[$0] } ?? []) }
    }
}

/// Pieces of the post store's queries. postgres-nio can't splice one query into another, so
/// each optional condition is an interpolation that writes its text and binds, or nothing.
extension PostgresQuery.StringInterpolation {
    /// `AND` posts that carry the tag with this slug; nothing for nil.
    mutating func appendInterpolation(taggedWith tagSlug: String?) {
        guard let tagSlug else { return }
        appendLiteral("AND post.id IN (SELECT post_tag.post_id FROM post_tag JOIN tag ON tag.id = post_tag.tag_id WHERE tag.slug = ")
        appendInterpolation(tagSlug)
        appendLiteral(")")
    }

    /// `AND` posts whose title, body or tags hold every term of the search; nothing for nil.
    /// Each term goes through `plainto_tsquery`, so nothing a reader types reaches the query
    /// syntax, and every term is required, as SQLite's FTS5 query `"term1" "term2"` asks.
    mutating func appendInterpolation(matching query: SearchQuery?) {
        guard let query else { return }
        appendLiteral("AND post.id IN (SELECT post_id FROM post_search WHERE document @@ ")
        appendInterpolation(tsquery: query)
        appendLiteral(")")
    }

    /// The search as one `tsquery`.
    mutating func appendInterpolation(tsquery query: SearchQuery) {
        appendLiteral("(SELECT string_agg(part::text, ' & ')::tsquery FROM (SELECT plainto_tsquery('simple', unaccent(term)) AS part FROM unnest(")
        appendInterpolation(query.terms)
        appendLiteral(") AS term) AS parts WHERE numnode(part) > 0)")
    }

    /// `AND` posts readers may see at `now`; nothing for nil.
    mutating func appendInterpolation(andPublicAt now: Date?) {
        guard let now else { return }
        appendLiteral("AND ")
        appendInterpolation(publicAt: now)
    }

    /// `AND` posts of this owner; nothing for nil.
    mutating func appendInterpolation(ownedBy ownerID: Int64?) {
        guard let ownerID else { return }
        appendLiteral("AND post.owner_id = ")
        appendInterpolation(ownerID)
    }

    /// Posts whose status readers see at `now` is `status`, as `SQLitePostStore.hasStatusSQL`.
    mutating func appendInterpolation(hasStatus status: PostStatus, at now: Date, kind: PostKind) {
        switch status {
        case .draft: appendLiteral("post.kind = \(kind.literalSQL) AND post.status = 'draft'")
        case .published: appendInterpolation(publicAt: now, kind: kind)
        case .scheduled: appendInterpolation(publicAfter: now, kind: kind)
        }
    }
}
