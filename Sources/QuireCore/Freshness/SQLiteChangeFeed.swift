import Foundation
import GRDB

/// The change feed of a SQLite database: `PRAGMA data_version` (or, in memory, a commit count)
/// for the commit version, and the counters that the triggers of migrations 0007 and 0009 keep.
public struct SQLiteChangeFeed: ChangeFeed {
    let database: AppDatabase
    private let version: CommitVersion

    public init(database: AppDatabase) throws {
        self.database = database
        self.version = try CommitVersion(database: database)
    }

    public func commitVersion() throws -> Int {
        try version.current()
    }

    public func counters(commentsAfter commentSequence: Int) async throws -> ChangeCounters {
        try await database.reader.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT content, comments FROM change_counter WHERE id = 1")
            let posts = try Int64.fetchSet(db, sql: "SELECT post_id FROM post_comment_change WHERE sequence > ?", arguments: [commentSequence])
            return ChangeCounters(content: row?["content"] ?? 0, comments: row?["comments"] ?? 0, postsWithCommentChanges: posts)
        }
    }

    public func nextPublication(after now: Date) async throws -> Date? {
        try await database.reader.read { db in
            try SQLRequest<Date>(literal: "SELECT MIN(post.published_at) FROM post WHERE \(Post.becomesPublicSQL(after: now, kind: nil))").fetchOne(db)
        }
    }

    public func nextCommentsClosing(after now: Date, openFor: TimeInterval) async throws -> Date? {
        try await database.reader.read { db in
            // Posts published less than `openFor` ago, or later: their comments close after now.
            let since = now.addingTimeInterval(-openFor)
            return try SQLRequest<Date>(literal: """
                SELECT MIN(post.published_at) FROM post
                WHERE post.comments_open = 1 AND post.published_at > \(since)
                  AND (\(Post.isPublicSQL(at: now)) OR \(Post.becomesPublicSQL(after: now)))
                """).fetchOne(db).map { $0.addingTimeInterval(openFor) }
        }
    }
}
