import Foundation
import GRDB

/// The page views of a SQLite database.
public struct SQLitePageViewStore: PageViewStore {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func add(_ counts: [PageViewCount]) async throws {
        try await database.writer.write { db in
            for count in counts {
                try db.execute(
                    sql: "INSERT INTO page_view (day, path, views) VALUES (?, ?, ?) ON CONFLICT (day, path) DO UPDATE SET views = views + excluded.views",
                    arguments: [count.day, count.path, count.views]
                )
            }
        }
    }

    public func totalsPerDay(from firstDay: String) async throws -> [String: Int] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT day, SUM(views) AS views FROM page_view WHERE day >= ? GROUP BY day", arguments: [firstDay])
                .reduce(into: [String: Int]()) { totals, row in totals[row["day"]] = row["views"] }
        }
    }

    public func mostRead(from firstDay: String, limit: Int, now: Date) async throws -> [(post: Post, views: Int)] {
        try await database.reader.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT path, SUM(views) AS views FROM page_view
                WHERE day >= ? AND path LIKE '/posts/%' GROUP BY path ORDER BY views DESC, path LIMIT ?
                """, arguments: [firstDay, limit * 2])
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
