import Foundation
import PostgresNIO

/// The page views of a PostgreSQL database: each process adds its own counts.
public struct PostgresPageViewStore: PageViewStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func add(_ counts: [PageViewCount]) async throws {
        guard !counts.isEmpty else { return }
        // One statement for all, in day and path order, so two processes adding at once take
        // their rows' locks in the same order.
        let sorted = counts.sorted { ($0.day, $0.path) < ($1.day, $1.path) }
        try await database.execute("""
            INSERT INTO page_view (day, path, views)
            SELECT * FROM unnest(\(sorted.map(\.day)), \(sorted.map(\.path)), \(sorted.map { Int64($0.views) }))
            ON CONFLICT (day, path) DO UPDATE SET views = page_view.views + excluded.views
            """)
    }

    public func totalsPerDay(from firstDay: String) async throws -> [String: Int] {
        try await database.rows("SELECT day, sum(views)::bigint FROM page_view WHERE day >= \(firstDay) GROUP BY day")
            .reduce(into: [String: Int]()) { totals, row in
                let (day, views) = try row.decode((String, Int).self)
                totals[day] = views
            }
    }

    public func mostRead(from firstDay: String, limit: Int, now: Date) async throws -> [(post: Post, views: Int)] {
        try await database.rows("""
            WITH read AS (
                SELECT path, sum(views)::bigint AS views FROM page_view
                WHERE day >= \(firstDay) AND path LIKE '/posts/%' GROUP BY path ORDER BY views DESC, path LIMIT \(limit * 2)
            )
            SELECT \(unescaped: PostgresPostStore.summaries), read.views FROM read
            JOIN post ON post.slug = substr(read.path, 8) AND \(publicAt: now)
            ORDER BY read.views DESC, read.path LIMIT \(limit)
            """).map { row in (try Post(row), try row.makeRandomAccess()[17].decode(Int.self)) }
    }
}
