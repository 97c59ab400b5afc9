import Foundation
import GRDB

/// Search on SQLite: FTS5, ranked by BM25 with title and tag matches counting more.
public struct SQLitePostSearch: PostSearch {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func search(_ query: SearchQuery, page: Int, perPage: Int, now: Date) async throws -> PostSearchPage {
        try await database.reader.read { db in
            let visible = Post.isPublicSQL(at: now)
            let total = try SQLRequest<Int>(literal: """
                SELECT COUNT(*) FROM post_search JOIN post ON post.id = post_search.rowid
                WHERE post_search MATCH \(query.matchExpression) AND \(visible)
                """).fetchOne(db) ?? 0
            let (offset, overflow) = max(page - 1, 0).multipliedReportingOverflow(by: perPage)
            guard !overflow, offset < total else { return PostSearchPage(results: [], page: page, perPage: perPage, totalCount: total) }
            let rows = try SQLRequest<Row>(literal: """
                SELECT post_search.rowid AS id,
                       snippet(post_search, 1, \(PostSearchMarks.open), \(PostSearchMarks.close), '…', 24) AS snippet
                FROM post_search JOIN post ON post.id = post_search.rowid
                WHERE post_search MATCH \(query.matchExpression) AND \(visible)
                ORDER BY bm25(post_search, 8.0, 1.0, 4.0), post.published_at DESC, post.id DESC
                LIMIT \(perPage) OFFSET \(offset)
                """).fetchAll(db)
            let byID = try PostWithTags.fetchPublicSummariesByID(rows.map { $0["id"] }, at: now, db)
            let results = rows.compactMap { row -> PostSearchResult? in
                guard let entry = byID[row["id"]] else { return nil }
                return PostSearchResult(entry: entry, snippetHTML: PostSearchMarks.html(row["snippet"] ?? ""))
            }
            return PostSearchPage(results: results, page: page, perPage: perPage, totalCount: total)
        }
    }
}
