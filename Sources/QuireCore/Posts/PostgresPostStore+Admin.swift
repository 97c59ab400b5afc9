import Foundation
import PostgresNIO

/// What the admin's post screens and the page routes read from PostgreSQL.
extension PostgresPostStore {
    public func adminPage(_ filter: PostAdminFilter, page: Int, perPage: Int, now: Date) async throws -> (posts: [PostWithTags], total: Int) {
        // SQLite's LIKE folds ASCII case; lower(…) in the "C" collation folds ASCII only, too.
        let pattern = filter.titlePattern
        let total = try await database.rows("""
            SELECT count(*) FROM post WHERE post.kind = \(filter.kind.rawValue) \(status: filter.status, at: now, kind: filter.kind)
            \(ownedBy: filter.ownerID) AND (\(pattern)::text IS NULL OR lower(post.title) LIKE lower(\(pattern) COLLATE "C") ESCAPE '\\')
            """).first?.decode(Int.self) ?? 0
        let offset = min(max(page - 1, 0), 100_000) * perPage
        let posts = try await database.rows("""
            SELECT \(unescaped: Self.summaries) FROM post WHERE post.kind = \(filter.kind.rawValue) \(status: filter.status, at: now, kind: filter.kind)
            \(ownedBy: filter.ownerID) AND (\(pattern)::text IS NULL OR lower(post.title) LIKE lower(\(pattern) COLLATE "C") ESCAPE '\\')
            ORDER BY post.updated_at DESC, post.id DESC LIMIT \(perPage) OFFSET \(offset)
            """).map(Post.init)
        return (try await withTags(posts), total)
    }

    public func statusCounts(ownerID: Int64?, kind: PostKind, now: Date) async throws -> [PostStatus: Int] {
        var counts: [PostStatus: Int] = [:]
        for status in PostStatus.allCases {
            counts[status] = try await database.rows("""
                SELECT count(*) FROM post WHERE \(hasStatus: status, at: now, kind: kind) \(ownedBy: ownerID)
                """).first?.decode(Int.self) ?? 0
        }
        return counts
    }

    public func nextScheduled(ownerID: Int64?, now: Date) async throws -> Post? {
        try await database.rows("""
            SELECT \(unescaped: Self.summaries) FROM post WHERE \(publicAfter: now) \(ownedBy: ownerID)
            ORDER BY published_at, id LIMIT 1
            """).first.map(Post.init)
    }

    public func editable(id: Int64) async throws -> EditablePost? {
        try await database.withConnection { connection in try await Self.editable(id: id, locking: false, connection) }
    }

    public func editable(slug: String, kind: PostKind?) async throws -> EditablePost? {
        let found = try await database.withConnection { connection in try await Self.editable(slug: slug, locking: false, connection) }
        guard let found, kind == nil || found.post.kind == kind else { return nil }
        return found
    }

    public func revisions(postID: Int64) async throws -> [PostRevision] {
        try await database.rows("SELECT \(unescaped: PostRevision.postgresColumns) FROM post_revision WHERE post_id = \(postID) ORDER BY version DESC")
            .map(PostRevision.init)
    }

    public func revision(id: Int64, postID: Int64) async throws -> PostRevision? {
        try await database.rows("SELECT \(unescaped: PostRevision.postgresColumns) FROM post_revision WHERE id = \(id) AND post_id = \(postID)")
            .first.map(PostRevision.init)
    }

    /// A post with its tags, version and owner; `locking` its row until the transaction ends.
    static func editable(slug: String, locking: Bool, _ connection: PostgresConnection) async throws -> EditablePost? {
        try await editable(connection.rows("""
            SELECT \(unescaped: bodies), post.version, post.owner_id FROM post WHERE slug = \(slug) \(unescaped: locking ? "FOR NO KEY UPDATE" : "")
            """).first, connection)
    }

    static func editable(id: Int64, locking: Bool, _ connection: PostgresConnection) async throws -> EditablePost? {
        try await editable(connection.rows("""
            SELECT \(unescaped: bodies), post.version, post.owner_id FROM post WHERE id = \(id) \(unescaped: locking ? "FOR NO KEY UPDATE" : "")
            """).first, connection)
    }

    private static func editable(_ row: PostgresRow?, _ connection: PostgresConnection) async throws -> EditablePost? {
        guard let row else { return nil }
        let post = try Post(row)
        let cells = row.makeRandomAccess()
        let tags = try await connection.rows("""
            SELECT tag.id, tag.name, tag.slug FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
            WHERE post_tag.post_id = \(post.id) ORDER BY lower(tag.name), tag.id
            """).map(Tag.init)
        return EditablePost(entry: PostWithTags(post: post, tags: tags), version: try cells[17].decode(Int.self), ownerID: try cells[18].decode(Int64?.self))
    }

    // MARK: Old addresses

    public func oldAddress(_ key: String, now: Date) async throws -> OldAddressTarget {
        guard let row = try await database.rows("""
            SELECT \(unescaped: Self.summaries), \(publicAt: now, kind: nil)
            FROM old_address JOIN post ON post.id = old_address.post_id WHERE old_address.address = \(key)
            """).first
        else { return .unknown }
        guard try row.makeRandomAccess()[17].decode(Bool.self) else { return .notPublic }
        return .publicAt(try Post(row).publicPath)
    }

    public func publicPostOrPage(id: Int64, now: Date) async throws -> Post? {
        try await database.rows("SELECT \(unescaped: Self.summaries) FROM post WHERE id = \(id) AND \(publicAt: now, kind: nil)").first.map(Post.init)
    }

    // MARK: Pages

    public func publicPage(slug: String, now: Date) async throws -> Post? {
        try await database.rows("SELECT \(unescaped: Self.bodies) FROM post WHERE slug = \(slug) AND \(publicAt: now, kind: .page)").first.map(Post.init)
    }

    public func publicPages(now: Date, bodies: Bool) async throws -> [Post] {
        try await database.rows("""
            SELECT \(unescaped: bodies ? Self.bodies : Self.summaries) FROM post WHERE \(publicAt: now, kind: .page) ORDER BY lower(post.title), post.id
            """).map(Post.init)
    }

    public func allPages() async throws -> [Post] {
        try await database.rows("SELECT \(unescaped: Self.bodies) FROM post WHERE kind = 'page' ORDER BY lower(post.title), post.id").map(Post.init)
    }

    public func renamedPageSlug(from slug: String, now: Date) async throws -> String? {
        try await database.rows("""
            SELECT slug FROM post WHERE post.id = (SELECT post_id FROM post_slug_redirect WHERE old_slug = \(slug)) AND \(publicAt: now, kind: .page)
            """).first?.decode(String.self)
    }
}

extension PostgresQuery.StringInterpolation {
    /// `AND` posts whose status readers see at `now` is `status`; nothing for nil.
    mutating func appendInterpolation(status: PostStatus?, at now: Date, kind: PostKind) {
        guard let status else { return }
        appendLiteral("AND ")
        appendInterpolation(hasStatus: status, at: now, kind: kind)
    }
}
