import GRDB

/// Where the database's change counters stand (migration 0007): what a cache needs to drop
/// exactly what writes changed since it last looked.
public struct ChangeCounters: Sendable, Equatable {
    /// Moves with every change to posts, tags, redirects or settings.
    public var content: Int
    /// The sequence number of the last comment write.
    public var comments: Int
    /// Posts whose comments were written after the sequence number asked about.
    public var postsWithCommentChanges: Set<Int64>
}

extension AppDatabase {
    /// The counters now, and the posts whose comments changed after `commentSequence`.
    public func changeCounters(commentsAfter commentSequence: Int) async throws -> ChangeCounters {
        try await reader.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT content, comments FROM change_counter WHERE id = 1")
            let posts = try Int64.fetchSet(db, sql: "SELECT post_id FROM post_comment_change WHERE sequence > ?", arguments: [commentSequence])
            return ChangeCounters(content: row?["content"] ?? 0, comments: row?["comments"] ?? 0, postsWithCommentChanges: posts)
        }
    }
}
