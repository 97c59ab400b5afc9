import Foundation
import PostgresNIO

/// What a server needs of a blog's database beyond its stores.
extension BlogDatabase {
    /// Throws unless the database answers a read of the posts table, as every page needs.
    public func ping() async throws {
        switch self {
        case .sqlite(let database): try await database.ping()
        case .postgres(let database): _ = try await database.rows("SELECT id FROM post LIMIT 1")
        }
    }

    /// How the page caches learn of writes. On PostgreSQL the feed is also a service that must run
    /// beside the server (`PostgresChangeFeed`).
    public func makeChangeFeed() throws -> any ChangeFeed {
        switch self {
        case .sqlite(let database): try SQLiteChangeFeed(database: database)
        case .postgres(let database): PostgresChangeFeed(database: database)
        }
    }

    /// Brings related-post weights made when the blog was much smaller up to date, while
    /// `continuing` says so; returns how many posts it updated. On PostgreSQL one process does it
    /// at a time; the others return 0 at once.
    public func refreshStaleWeights(while continuing: @escaping @Sendable () -> Bool) async throws -> Int {
        switch self {
        case .sqlite(let database):
            // A serving process never sets the term index aside: related lists stay quick to
            // compute while old weights are brought up to date.
            try await PostKeywords.refreshStale(in: database, bulkFrom: .max, while: continuing)
        case .postgres(let database):
            try await PostgresPostKeywords.refreshStale(in: database, while: continuing)
        }
    }
}
