import Foundation
import GRDB

/// The few steps a WordPress import writes a batch with, the same on either engine. They are
/// called on the importer's own thread (never one of the threads async tasks share), inside the
/// batch's transaction.
protocol WordPressImportWriter {
    /// The post or comment an earlier import made of a WordPress item, by its `import_record` key.
    func importedPostID(_ key: String) throws -> Int64?
    func importedCommentID(_ key: String) throws -> Int64?
    /// True when a post has the slug or redirects from it.
    func slugIsTaken(_ slug: String) throws -> Bool
    /// Adds a post, its tags and its search entry (related-post weights may wait for the refresh
    /// after the import).
    func insertPost(_ draft: PostDraft, rendered: MarkdownRenderer.Rendered?, now: Date) throws -> PostWithTags
    func insertComment(_ comment: Comment) throws -> Int64
    func commentDepth(_ id: Int64) throws -> Int?
    func recordImport(_ key: String, postID: Int64) throws
    func recordImport(_ key: String, commentID: Int64) throws
    /// Keeps an old address of the post, unless one is kept already.
    func recordOldAddress(_ key: String, postID: Int64) throws
}

/// The steps on SQLite, in the batch's write transaction.
struct SQLiteWordPressImportWriter: WordPressImportWriter {
    let posts: SQLitePostStore
    let db: Database

    func importedPostID(_ key: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT post_id FROM import_record WHERE source_key = ?", arguments: [key])
    }

    func importedCommentID(_ key: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT comment_id FROM import_record WHERE source_key = ?", arguments: [key])
    }

    func slugIsTaken(_ slug: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM post WHERE slug = ?) OR EXISTS (SELECT 1 FROM post_slug_redirect WHERE old_slug = ?)", arguments: [slug, slug]) ?? false
    }

    func insertPost(_ draft: PostDraft, rendered: MarkdownRenderer.Rendered?, now: Date) throws -> PostWithTags {
        try posts.insert(draft, rendered: rendered, now: now, db)
    }

    func insertComment(_ comment: Comment) throws -> Int64 {
        var comment = comment
        try comment.insert(db)
        guard let id = comment.id else { throw StoreError.notFound }
        return id
    }

    func commentDepth(_ id: Int64) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT depth FROM comment WHERE id = ?", arguments: [id])
    }

    func recordImport(_ key: String, postID: Int64) throws {
        try db.execute(sql: "INSERT INTO import_record (source_key, post_id) VALUES (?, ?)", arguments: [key, postID])
    }

    func recordImport(_ key: String, commentID: Int64) throws {
        try db.execute(sql: "INSERT INTO import_record (source_key, comment_id) VALUES (?, ?)", arguments: [key, commentID])
    }

    func recordOldAddress(_ key: String, postID: Int64) throws {
        try OldAddress.record(key, postID: postID, db)
    }
}
