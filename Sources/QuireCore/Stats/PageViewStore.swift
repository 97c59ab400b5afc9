import Foundation
import GRDB

/// What the dashboard shows of the counted views.
public struct PageViewStore: Sendable {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Views of all pages on each of the `days` days up to `now` (UTC days), oldest first,
    /// days without views included as 0.
    public func viewsPerDay(days: Int, now: Date) async throws -> [(day: String, views: Int)] {
        let dayList = (0..<days).reversed().compactMap { back in
            Calendar.utc.date(byAdding: .day, value: -back, to: now).map(ViewCounter.day)
        }
        let totals = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT day, SUM(views) AS views FROM page_view WHERE day >= ? GROUP BY day", arguments: [dayList.first ?? ""])
                .reduce(into: [String: Int]()) { totals, row in totals[row["day"]] = row["views"] }
        }
        return dayList.map { ($0, totals[$0] ?? 0) }
    }

    /// The posts read most in the last `days` days up to `now`, with their views: posts public
    /// now, by the slug they have now.
    public func mostRead(days: Int, limit: Int, now: Date) async throws -> [(post: Post, views: Int)] {
        let since = Calendar.utc.date(byAdding: .day, value: -(days - 1), to: now).map(ViewCounter.day) ?? ""
        return try await database.reader.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT path, SUM(views) AS views FROM page_view
                WHERE day >= ? AND path LIKE '/posts/%' GROUP BY path ORDER BY views DESC, path LIMIT ?
                """, arguments: [since, limit * 2])
            var found: [(Post, Int)] = []
            for row in rows where found.count < limit {
                let slug = String((row["path"] as String).dropFirst("/posts/".count))
                let request = SQLRequest<Post>(literal: "SELECT \(sql: Post.summaryColumnsSQL) FROM post WHERE slug = \(slug) AND \(Post.isPublicSQL(at: now))")
                if let post = try Post.fetchOne(db, request) {
                    found.append((post, row["views"]))
                }
            }
            return found
        }
    }
}
