import Foundation
import GRDB

/// Full-text search over public posts: title, body and tags, ranked by BM25 with title and tag
/// matches counting more, each result with a snippet of where it matched.
public struct PostSearch: Sendable {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// One search result.
    public struct Result: Sendable, Equatable {
        public var entry: PostWithTags
        /// A passage of the body with the matched terms in `<mark>`, escaped for HTML.
        public var snippetHTML: String
    }

    /// A page of search results and how many match in all.
    public struct ResultPage: Sendable, Equatable {
        public var results: [Result]
        public var page: Int
        public var perPage: Int
        public var totalCount: Int

        public var pageCount: Int { max(1, (totalCount + perPage - 1) / perPage) }
    }

    private static let markOpen = "\u{E000}"
    private static let markClose = "\u{E001}"

    public func search(_ query: SearchQuery, page: Int, perPage: Int, now: Date) async throws -> ResultPage {
        try await database.reader.read { db in
            let visible = Post.isPublicSQL(at: now)
            let total = try SQLRequest<Int>(literal: """
                SELECT COUNT(*) FROM post_search JOIN post ON post.id = post_search.rowid
                WHERE post_search MATCH \(query.matchExpression) AND \(visible)
                """).fetchOne(db) ?? 0
            let (offset, overflow) = max(page - 1, 0).multipliedReportingOverflow(by: perPage)
            guard !overflow, offset < total else { return ResultPage(results: [], page: page, perPage: perPage, totalCount: total) }
            let rows = try SQLRequest<Row>(literal: """
                SELECT post_search.rowid AS id,
                       snippet(post_search, 1, \(Self.markOpen), \(Self.markClose), '…', 24) AS snippet
                FROM post_search JOIN post ON post.id = post_search.rowid
                WHERE post_search MATCH \(query.matchExpression) AND \(visible)
                ORDER BY bm25(post_search, 8.0, 1.0, 4.0), post.published_at DESC
                LIMIT \(perPage) OFFSET \(offset)
                """).fetchAll(db)
            let byID = try PostWithTags.fetchPublicSummariesByID(rows.map { $0["id"] }, at: now, db)
            let results = rows.compactMap { row -> Result? in
                guard let entry = byID[row["id"]] else { return nil }
                return Result(entry: entry, snippetHTML: Self.snippetHTML(row["snippet"] ?? ""))
            }
            return ResultPage(results: results, page: page, perPage: perPage, totalCount: total)
        }
    }

    /// Escapes a snippet and turns the match markers into `<mark>` elements.
    static func snippetHTML(_ snippet: String) -> String {
        HTMLText.escape(snippet)
            .replacingOccurrences(of: markOpen, with: "<mark>")
            .replacingOccurrences(of: markClose, with: "</mark>")
    }
}
