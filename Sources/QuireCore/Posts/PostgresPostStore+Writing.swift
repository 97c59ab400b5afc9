import Foundation
import PostgresNIO

/// Writing posts on PostgreSQL: each write validates and renders the draft once
/// (`PostDraft.post(…)`) and saves the post, its tags, its redirect and its revision in one
/// transaction. A failed statement ends a PostgreSQL transaction, so a taken slug is found with
/// `ON CONFLICT DO NOTHING` rather than by catching an error and trying again.
extension PostgresPostStore {
    @discardableResult
    public func create(_ draft: PostDraft, now: Date, ownerID: Int64?, savedBy: Int64?) async throws -> PostWithTags {
        let post = try draft.post(rendered: nil, slug: "", now: now, previous: nil, defaultAuthor: defaultAuthor)
        return try await database.transaction { connection in
            let saved = try await Self.insert(post, draft: draft, ownerID: ownerID, connection)
            try await Self.insertRevision(of: saved, version: 1, savedBy: savedBy, now: now, connection)
            return saved
        }
    }

    public func upsert(_ draft: PostDraft, now: Date) async throws -> (post: PostWithTags, created: Bool) {
        let slug = draft.slug ?? draft.slugFromTitle
        return try await database.transaction { [defaultAuthor] connection in
            if let existing = try await connection.rows("SELECT \(unescaped: Self.bodies) FROM post WHERE slug = \(slug) FOR NO KEY UPDATE").first.map(Post.init) {
                guard existing.kind == draft.kind else {
                    throw StoreError.invalid(field: "slug", message: "'\(slug)' belongs to a \(existing.kind.rawValue); give this \(draft.kind.rawValue) another slug")
                }
                var draft = draft
                draft.slug = slug
                let post = try draft.post(rendered: nil, slug: slug, now: now, previous: existing, defaultAuthor: defaultAuthor)
                let saved = try await Self.replace(existing, with: post, tags: draft.tags, connection)
                // A new version, so an editor or an If-Match opened before the import can't save over it.
                try await connection.execute("UPDATE post SET version = version + 1 WHERE id = \(existing.id)")
                return (saved, false)
            }
            let post = try draft.post(rendered: nil, slug: "", now: now, previous: nil, defaultAuthor: defaultAuthor)
            return (try await Self.insert(post, draft: draft, ownerID: nil, connection), true)
        }
    }

    public func save(slug: String, with draft: PostDraft, now: Date, expectedVersion: Int?, savedBy: Int64?) async throws -> EditablePost {
        try await database.transaction { [defaultAuthor] connection in
            guard let existing = try await Self.editable(slug: slug, locking: true, connection) else { throw StoreError.notFound }
            // A draft that could not be saved anyway is refused for that first (RFC 9110, 13.2.1).
            let post = try draft.post(rendered: nil, slug: draft.slug ?? existing.post.slug, now: now, previous: existing.post, defaultAuthor: defaultAuthor)
            if let expectedVersion, expectedVersion != existing.version {
                throw StoreError.outdated(currentVersion: existing.version)
            }
            let saved = try await Self.replace(existing.post, with: post, tags: draft.tags, connection)
            let version = try await connection.rows("UPDATE post SET version = version + 1 WHERE id = \(existing.post.id) RETURNING version")
                .first?.decode(Int.self) ?? existing.version + 1
            try await Self.insertRevision(of: saved, version: version, savedBy: savedBy, now: now, connection)
            return EditablePost(entry: saved, version: version, ownerID: existing.ownerID)
        }
    }

    public func delete(slug: String) async throws {
        let deleted = try await database.transaction { connection in
            // The deletion's cascade reaches term_document before its trigger reaches the counter.
            try await connection.lockChangeCounter()
            return try await connection.rows("DELETE FROM post WHERE slug = \(slug) RETURNING id")
        }
        guard !deleted.isEmpty else { throw StoreError.notFound }
    }

    public func addIfEmpty(_ drafts: [PostDraft], now: Date) async throws -> Bool {
        let posts = try drafts.map { draft in (draft, try draft.post(rendered: nil, slug: "", now: now, previous: nil, defaultAuthor: defaultAuthor)) }
        return try await database.transaction { connection in
            // Processes that start together on an empty blog add the posts once.
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.addIfEmptyLock))")
            guard try await connection.rows("SELECT 1 FROM post LIMIT 1").isEmpty else { return false }
            for (draft, post) in posts { _ = try await Self.insert(post, draft: draft, ownerID: nil, connection) }
            return true
        }
    }

    /// The advisory lock that makes `addIfEmpty` one process at a time.
    private static let addIfEmptyLock: Int64 = 0x7175_6972_6502

    // MARK: Inside a transaction

    /// Adds a validated post under the draft's slug (a conflict if taken) or a free one made from
    /// its title, with the draft's tags; its related-post weights now, or at the next refresh
    /// when `deferringWeights` (an import).
    static func insert(
        _ post: Post, draft: PostDraft, ownerID: Int64?, deferringWeights: Bool = false, _ connection: PostgresConnection
    ) async throws -> PostWithTags {
        var post = post
        if let slug = draft.slug {
            post.slug = slug
            guard let id = try await insertRow(post, ownerID: ownerID, connection) else { throw StoreError.conflict(field: "slug") }
            post.id = id
        } else {
            let base = draft.slugFromTitle.nonEmpty ?? draft.kind.rawValue
            for number in 1...10_000 {
                post.slug = Slug.numbered(base, number)
                if let id = try await insertRow(post, ownerID: ownerID, connection) {
                    post.id = id
                    break
                }
            }
            guard post.id != nil else { throw StoreError.conflict(field: "slug") }
        }
        let saved = try await setTags(draft.tags, on: post, connection)
        if deferringWeights {
            try await PostgresPostKeywords.deferWeights(of: saved.post, tags: saved.tags, connection)
        } else {
            try await PostgresPostKeywords.update(saved.post, tags: saved.tags, connection)
        }
        return saved
    }

    /// Inserts the row, answering its id, or nil when its slug is taken.
    private static func insertRow(_ post: Post, ownerID: Int64?, _ connection: PostgresConnection) async throws -> Int64? {
        try await connection.rows("""
            INSERT INTO post (slug, kind, title, status, published_at, updated_at, comments_open, body_format, author_name, owner_id,
                              featured_image_url, featured_image_alt, featured_image_caption, excerpt, body_html, body_markdown, body_text)
            VALUES (\(post.slug), \(post.kind.rawValue), \(post.title), \(post.status.rawValue), \(post.publishedAt),
                    \(post.updatedAt), \(post.commentsOpen), \(post.bodyFormat.rawValue), \(post.authorName), \(ownerID),
                    \(post.featuredImageURL), \(post.featuredImageAlt), \(post.featuredImageCaption), \(post.excerpt), \(post.bodyHTML),
                    \(post.bodyMarkdown), \(post.bodyText))
            ON CONFLICT (slug) DO NOTHING
            RETURNING id
            """).first?.decode(Int64.self)
    }

    /// Writes a validated post over `existing`; a new slug leaves a redirect from the old one.
    static func replace(_ existing: Post, with post: Post, tags: [String], _ connection: PostgresConnection) async throws -> PostWithTags {
        var post = post
        post.id = existing.id
        do {
            try await connection.execute("""
            UPDATE post SET slug = \(post.slug), title = \(post.title), status = \(post.status.rawValue),
                published_at = \(post.publishedAt), updated_at = \(post.updatedAt),
                comments_open = \(post.commentsOpen), body_format = \(post.bodyFormat.rawValue), author_name = \(post.authorName),
                featured_image_url = \(post.featuredImageURL), featured_image_alt = \(post.featuredImageAlt),
                featured_image_caption = \(post.featuredImageCaption), excerpt = \(post.excerpt), body_html = \(post.bodyHTML),
                body_markdown = \(post.bodyMarkdown), body_text = \(post.bodyText)
            WHERE id = \(existing.id)
            """)
        } catch where PostgresFailure.sqlState(of: error) == PostgresFailure.uniqueViolation {
            throw StoreError.conflict(field: "slug")
        }
        if post.slug != existing.slug {
            // The old address keeps working: it redirects to the new one.
            try await connection.execute("DELETE FROM post_slug_redirect WHERE old_slug = \(post.slug)")
            try await connection.execute("""
                INSERT INTO post_slug_redirect (old_slug, post_id) VALUES (\(existing.slug), \(existing.id))
                ON CONFLICT (old_slug) DO UPDATE SET post_id = excluded.post_id
                """)
        }
        let saved = try await setTags(tags, on: post, connection)
        try await PostgresPostKeywords.update(saved.post, tags: saved.tags, connection)
        return saved
    }

    /// Replaces the post's tags with these names, creating tags that don't exist yet.
    private static func setTags(_ names: [String], on post: Post, _ connection: PostgresConnection) async throws -> PostWithTags {
        guard let postID = post.id else { throw StoreError.notFound }
        try await connection.execute("DELETE FROM post_tag WHERE post_id = \(postID)")
        var tags: [Tag] = []
        for name in PostDraft.uniqueTagNames(names) {
            tags.append(try await findOrCreateTag(named: name, connection))
        }
        // One statement, so the search document is rebuilt once for all the links.
        if !tags.isEmpty {
            try await connection.execute("INSERT INTO post_tag (post_id, tag_id) SELECT \(postID), unnest(\(tags.compactMap(\.id))) ON CONFLICT DO NOTHING")
        }
        tags.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        return PostWithTags(post: post, tags: tags)
    }

    /// The tag with this name (ASCII case folded), made with a free slug if there is none. A tag
    /// another process makes at the same moment is found, not made twice.
    private static func findOrCreateTag(named name: String, _ connection: PostgresConnection) async throws -> Tag {
        let base = Slug.make(from: name).nonEmpty ?? "tag"
        for number in 1...10_000 {
            if let existing = try await connection.rows("SELECT id, name, slug FROM tag WHERE lower(name) = lower(\(name) COLLATE \"C\")").first {
                return try Tag(existing)
            }
            let slug = Slug.numbered(base, number)
            if let made = try await connection.rows("INSERT INTO tag (name, slug) VALUES (\(name), \(slug)) ON CONFLICT DO NOTHING RETURNING id, name, slug").first {
                return try Tag(made)
            }
        }
        throw StoreError.conflict(field: "tags")
    }

    private static func insertRevision(of saved: PostWithTags, version: Int, savedBy: Int64?, now: Date, _ connection: PostgresConnection) async throws {
        let revision = PostRevision(of: saved, version: version, savedBy: savedBy, now: now)
        try await connection.execute("""
            INSERT INTO post_revision (post_id, version, saved_at, saved_by, title, slug, excerpt, body_markdown, body_format, tags,
                                       featured_image_url, featured_image_alt, featured_image_caption, comments_open, status, published_at)
            VALUES (\(revision.postID), \(revision.version), \(revision.savedAt), \(revision.savedBy), \(revision.title),
                    \(revision.slug), \(revision.excerpt), \(revision.bodyMarkdown), \(revision.bodyFormat.rawValue), \(revision.tags),
                    \(revision.featuredImageURL), \(revision.featuredImageAlt), \(revision.featuredImageCaption), \(revision.commentsOpen),
                    \(revision.status.rawValue), \(revision.publishedAt))
            """)
    }
}
