import Foundation

/// What a store tells the page cache about writes: the seam each storage engine implements
/// (`SQLiteChangeFeed` for SQLite; an engine shared by several processes implements it with its
/// own notifications). The rules it serves are in `PageDependencies`.
public protocol ChangeFeed: Sendable {
    /// A number that moves whenever a write commits, through this process or any other. Asked
    /// on every request, so it must cost about a microsecond and never wait for a write.
    func commitVersion() throws -> Int
    /// The change counters now, and the posts whose comments were written after `commentSequence`.
    func counters(commentsAfter commentSequence: Int) async throws -> ChangeCounters
    /// The first `published_at` after `now` of a post that will then become public.
    func nextPublication(after now: Date) async throws -> Date?
    /// The first moment after `now` at which a post's comments close, comments being open for
    /// `openFor` after a post is published.
    func nextCommentsClosing(after now: Date, openFor: TimeInterval) async throws -> Date?
}

/// Where the database's change counters stand: what a cache needs to drop exactly what writes
/// changed since it last looked.
public struct ChangeCounters: Sendable, Equatable {
    /// Moves with every write to a `.content` table.
    public var content: Int
    /// The sequence number of the last comment write.
    public var comments: Int
    /// Posts whose comments were written after the sequence number asked about.
    public var postsWithCommentChanges: Set<Int64>

    public init(content: Int, comments: Int, postsWithCommentChanges: Set<Int64>) {
        self.content = content
        self.comments = comments
        self.postsWithCommentChanges = postsWithCommentChanges
    }
}
