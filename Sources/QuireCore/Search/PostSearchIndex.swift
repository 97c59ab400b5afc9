import GRDB

/// Keeps the search index's writes to one per post per write (migration 0011).
///
/// Triggers keep `post_search` in step with `post`, `post_tag` and `tag`. A write that touches a
/// post row and several tag links would rewrite the post's entry for each; inside
/// `holdingUpdates` the triggers only note the post, and the entry is rewritten once at the end.
enum PostSearchIndex {
    /// Runs `body` with the index's updates held, then rewrites the entry of every post it
    /// touched. Inside another hold (an import's batch) it only runs `body`: the outer hold
    /// rewrites the entries when it ends. After an error the entries are still rewritten, so a
    /// caller that catches it leaves the index right.
    static func holdingUpdates<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM post_search_hold)") == false else {
            return try body()
        }
        try db.execute(sql: "INSERT INTO post_search_hold (id) VALUES (1)")
        let result: T
        do {
            result = try body()
        } catch {
            try? flush(db)
            throw error
        }
        try flush(db)
        return result
    }

    /// Rewrites the entries of the noted posts from their rows and tags, and ends the hold.
    private static func flush(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM post_search WHERE rowid IN (SELECT post_id FROM post_search_pending);
            INSERT INTO post_search (rowid, title, body, tags)
            SELECT post.id, post.title, post.body_text,
                   coalesce((SELECT group_concat(tag.name, ' ')
                             FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                             WHERE post_tag.post_id = post.id), '')
            FROM post_search_pending JOIN post ON post.id = post_search_pending.post_id
            WHERE post.status <> 'draft';
            DELETE FROM post_search_pending;
            DELETE FROM post_search_hold;
            """)
    }
}
