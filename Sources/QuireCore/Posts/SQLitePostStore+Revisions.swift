import Foundation
import GRDB

/// Versions and revisions: every save through the admin or the API moves a post's version and
/// keeps a revision; a save that names an older version than the stored one is refused.
extension SQLitePostStore {
    /// A post whatever its status, with its version and owner, or nil; with `kind`, nil as well
    /// when the slug is the other kind's (a page is not a post, nor the other way).
    public func editable(slug: String, kind: PostKind? = nil) async throws -> EditablePost? {
        let found = try await database.reader.read { db in try Self.editable(slug: slug, db) }
        guard let found, kind == nil || found.post.kind == kind else { return nil }
        return found
    }

    /// A post's revisions, newest first, without their bodies.
    public func revisions(postID: Int64) async throws -> [PostRevision] {
        try await database.reader.read { db in
            try PostRevision.filter(sql: "post_id = ?", arguments: [postID]).order(sql: "version DESC").fetchAll(db)
        }
    }

    public func revision(id: Int64, postID: Int64) async throws -> PostRevision? {
        try await database.reader.read { db in
            try PostRevision.filter(sql: "id = ? AND post_id = ?", arguments: [id, postID]).fetchOne(db)
        }
    }

    static func editable(slug: String, _ db: Database) throws -> EditablePost? {
        try editable(Post.filter(Post.Columns.slug == slug), db)
    }

    /// The post a request finds, with its version and owner.
    static func editable(_ request: QueryInterfaceRequest<Post>, _ db: Database) throws -> EditablePost? {
        guard let entry = try request.fetchAllWithTags(db).first,
            let row = try Row.fetchOne(db, sql: "SELECT version, owner_id FROM post WHERE id = ?", arguments: [entry.post.id])
        else { return nil }
        return EditablePost(entry: entry, version: row["version"], ownerID: row["owner_id"])
    }

    /// Moves the post's version on after a replacing save and keeps a revision of what it saved;
    /// returns the new version.
    static func recordSave(_ saved: PostWithTags, savedBy: Int64?, now: Date, _ db: Database) throws -> Int {
        guard let id = saved.post.id else { throw StoreError.notFound }
        let version = try Int.fetchOne(db, sql: "UPDATE post SET version = version + 1 WHERE id = ? RETURNING version", arguments: [id]) ?? 1
        try PostRevision(of: saved, version: version, savedBy: savedBy, now: now).insert(db)
        return version
    }
}
