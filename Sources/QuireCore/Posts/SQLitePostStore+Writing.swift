import Foundation
import GRDB

/// Writing posts: each write validates, renders Markdown once and sets tags in one transaction.
extension SQLitePostStore {
    /// Adds a new post. A slug that is given and taken is a conflict; a slug made from the title
    /// gets `-2`, `-3`… until it is free.
    /// `ownerID` is the user who owns it (nil for the API and the CLI: only admins edit it then);
    /// `savedBy` is noted on its first revision.
    @discardableResult
    public func create(_ draft: PostDraft, now: Date, ownerID: Int64? = nil, savedBy: Int64? = nil) async throws -> PostWithTags {
        try await database.writer.write { db in
            let saved = try insert(draft, now: now, db)
            if let ownerID {
                try db.execute(sql: "UPDATE post SET owner_id = ? WHERE id = ?", arguments: [ownerID, saved.post.id])
            }
            try PostRevision(of: saved, version: 1, savedBy: savedBy, now: now).insert(db)
            return saved
        }
    }

    /// Adds the post, or replaces the one with the same slug (the draft's, or the title's).
    /// Returns the saved post and whether it was new.
    public func upsert(_ draft: PostDraft, now: Date) async throws -> (post: PostWithTags, created: Bool) {
        try await database.writer.write { db in try upsert(draft, now: now, db) }
    }

    /// `upsert` inside the caller's transaction; `rendered` is the draft's body rendered
    /// beforehand (`PostDraft.renderedBody()`), as imports do for many drafts in parallel.
    func upsert(_ draft: PostDraft, rendered: MarkdownRenderer.Rendered? = nil, now: Date, _ db: Database) throws -> (post: PostWithTags, created: Bool) {
        let slug = draft.slug ?? draft.slugFromTitle
        if let existing = try Post.filter(Post.Columns.slug == slug).fetchOne(db) {
            guard existing.kind == draft.kind else {
                throw StoreError.invalid(field: "slug", message: "'\(slug)' belongs to a \(existing.kind.rawValue); give this \(draft.kind.rawValue) another slug")
            }
            var draft = draft
            draft.slug = slug
            let saved = try replace(existing, with: draft, rendered: rendered, now: now, db)
            // A new version, so an editor or an If-Match opened before the import can't save over it.
            try db.execute(sql: "UPDATE post SET version = version + 1 WHERE id = ?", arguments: [existing.id])
            return (saved, false)
        }
        return (try insert(draft, rendered: rendered, now: now, db), true)
    }

    /// Saves over a post, answering with the version this save made (read in its own
    /// transaction, so another save right after can't be mistaken for it).
    public func save(
        slug: String, with draft: PostDraft, now: Date, expectedVersion: Int? = nil, savedBy: Int64? = nil
    ) async throws -> EditablePost {
        try await database.writer.write { db in
            guard let existing = try Self.editable(slug: slug, db) else { throw StoreError.notFound }
            if let expectedVersion, expectedVersion != existing.version {
                // A draft that could not be saved anyway is refused for that first, as HTTP
                // orders it (RFC 9110, 13.2.1: a precondition is judged last).
                _ = try draft.post(rendered: nil, slug: draft.slug ?? existing.post.slug, now: now, previous: existing.post, defaultAuthor: defaultAuthor)
                throw StoreError.outdated(currentVersion: existing.version)
            }
            let saved = try replace(existing.post, with: draft, now: now, db)
            let version = try Self.recordSave(saved, savedBy: savedBy, now: now, db)
            return EditablePost(entry: saved, version: version, ownerID: existing.ownerID)
        }
    }

    /// Deletes a post, its tag links and its search entry.
    public func delete(slug: String) async throws {
        try await database.writer.write { db in
            guard try Post.filter(Post.Columns.slug == slug).deleteAll(db) > 0 else { throw StoreError.notFound }
            // Its keywords went with it: the heads of their terms are written again.
            try TermHeads.writeStale(limit: TermHeads.writtenWithAPost, db)
        }
    }

    /// Adds the given posts in one transaction when the database has no posts at all.
    /// Returns whether it added them.
    public func addIfEmpty(_ drafts: [PostDraft], now: Date) async throws -> Bool {
        try await database.writer.write { db in
            guard try Post.fetchCount(db) == 0 else { return false }
            for draft in drafts { _ = try insert(draft, now: now, db) }
            return true
        }
    }

    /// Adds a post inside the caller's transaction (see `create`).
    func insert(_ draft: PostDraft, rendered: MarkdownRenderer.Rendered? = nil, now: Date, _ db: Database) throws -> PostWithTags {
        let saved = try PostSearchIndex.holdingUpdates(db) {
            try insertWithTags(draft, rendered: rendered, now: now, db)
        }
        try updateKeywords(of: saved.post, db)
        return saved
    }

    private func insertWithTags(_ draft: PostDraft, rendered: MarkdownRenderer.Rendered?, now: Date, _ db: Database) throws -> PostWithTags {
        var post = try draft.post(rendered: rendered, slug: "", now: now, previous: nil, defaultAuthor: defaultAuthor)
        if let slug = draft.slug {
            post.slug = slug
            try insertCatchingSlugConflict(&post, db)
        } else {
            let base = draft.slugFromTitle.nonEmpty ?? draft.kind.rawValue
            try insertWithFreeSlug(&post, base: base, db)
        }
        return try setTags(draft.tags, on: post, db)
    }

    private func replace(_ existing: Post, with draft: PostDraft, rendered: MarkdownRenderer.Rendered? = nil, now: Date, _ db: Database) throws -> PostWithTags {
        let saved = try PostSearchIndex.holdingUpdates(db) {
            try replaceWithTags(existing, with: draft, rendered: rendered, now: now, db)
        }
        try updateKeywords(of: saved.post, db)
        return saved
    }

    private func replaceWithTags(_ existing: Post, with draft: PostDraft, rendered: MarkdownRenderer.Rendered?, now: Date, _ db: Database) throws -> PostWithTags {
        var post = try draft.post(rendered: rendered, slug: draft.slug ?? existing.slug, now: now, previous: existing, defaultAuthor: defaultAuthor)
        post.id = existing.id
        do {
            try post.update(db)
        } catch let error as DatabaseError where error.isUniqueViolation(of: "post.slug") {
            throw StoreError.conflict(field: "slug")
        }
        if post.slug != existing.slug {
            // The old address keeps working: it redirects to the new one.
            try db.execute(sql: "DELETE FROM post_slug_redirect WHERE old_slug = ?", arguments: [post.slug])
            try db.execute(sql: "INSERT OR REPLACE INTO post_slug_redirect (old_slug, post_id) VALUES (?, ?)", arguments: [existing.slug, post.id])
        }
        return try setTags(draft.tags, on: post, db)
    }

    private func insertCatchingSlugConflict(_ post: inout Post, _ db: Database) throws {
        do {
            try post.insert(db)
        } catch let error as DatabaseError where error.isUniqueViolation(of: "post.slug") {
            throw StoreError.conflict(field: "slug")
        }
    }

    private func insertWithFreeSlug(_ post: inout Post, base: String, _ db: Database) throws {
        for number in 1...10_000 {
            post.slug = Slug.numbered(base, number)
            do {
                try post.insert(db)
                return
            } catch let error as DatabaseError where error.isUniqueViolation(of: "post.slug") {
                continue
            }
        }
        throw StoreError.conflict(field: "slug")
    }

    /// What every write does last, once the post, its tags and its search entry are saved: its
    /// related-posts keywords, whose weights read the search index. (An import holds the index
    /// for a whole batch, so it defers them.)
    private func updateKeywords(of post: Post, _ db: Database) throws {
        switch keywords {
        case .withEachWrite: try PostKeywords.update(post, db)
        case .deferred: try PostKeywords.deferUpdate(of: post, db)
        }
    }

    /// Replaces the post's tags with these names, creating tags that don't exist yet.
    private func setTags(_ names: [String], on post: Post, _ db: Database) throws -> PostWithTags {
        guard let postID = post.id else { throw StoreError.notFound }
        try PostTag.filter(sql: "post_id = ?", arguments: [postID]).deleteAll(db)
        var tags: [Tag] = []
        for name in PostDraft.uniqueTagNames(names) {
            let tag = try findOrCreateTag(named: name, db)
            try PostTag(postID: postID, tagID: tag.id ?? 0).insert(db)
            tags.append(tag)
        }
        tags.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        return PostWithTags(post: post, tags: tags)
    }

    private func findOrCreateTag(named name: String, _ db: Database) throws -> Tag {
        if let existing = try Tag.filter(Tag.Columns.name == name).fetchOne(db) { return existing }
        var tag = Tag(name: name, slug: "")
        let base = Slug.make(from: name).nonEmpty ?? "tag"
        for number in 1...10_000 {
            tag.slug = Slug.numbered(base, number)
            do {
                try tag.insert(db)
                return tag
            } catch let error as DatabaseError where error.isUniqueViolation(of: "tag.slug") {
                continue
            }
        }
        throw StoreError.conflict(field: "tags")
    }
}
