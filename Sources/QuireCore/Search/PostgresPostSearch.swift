import Foundation
import PostgresNIO

/// Search on PostgreSQL: the `tsvector` of `post_search` through its GIN index, ranked by
/// `ts_rank` with the title weighing 8 times the body and tags 4 times (SQLite's BM25 weights),
/// snippets by `ts_headline`.
public struct PostgresPostSearch: PostSearch {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func search(_ query: SearchQuery, page: Int, perPage: Int, now: Date) async throws -> PostSearchPage {
        let total = try await database.rows("""
            SELECT count(*) FROM post_search JOIN post ON post.id = post_search.post_id
            WHERE post_search.document @@ \(tsquery: query) AND \(publicAt: now)
            """).first?.decode(Int.self) ?? 0
        let (offset, overflow) = max(page - 1, 0).multipliedReportingOverflow(by: perPage)
        guard !overflow, offset < total else { return PostSearchPage(results: [], page: page, perPage: perPage, totalCount: total) }
        // The page's posts first; only their snippets are made (ts_headline reads the whole text).
        let rows = try await database.rows("""
            WITH query AS (SELECT \(tsquery: query) AS q),
            found AS (
                SELECT post.id, post.body_text, post.published_at, ts_rank('{0.1, 0.1, 0.4, 0.8}', post_search.document, query.q) AS rank
                FROM post_search JOIN post ON post.id = post_search.post_id, query
                WHERE post_search.document @@ query.q AND \(publicAt: now)
                ORDER BY rank DESC, post.published_at DESC, post.id DESC LIMIT \(perPage) OFFSET \(offset)
            )
            SELECT found.id, ts_headline('simple', found.body_text, query.q,
                   'StartSel=\(unescaped: PostSearchMarks.open), StopSel=\(unescaped: PostSearchMarks.close), MaxWords=24, MinWords=12, ShortWord=1, MaxFragments=1, FragmentDelimiter=…')
            FROM found, query ORDER BY found.rank DESC, found.published_at DESC, found.id DESC
            """)
        let ranked = try rows.map { try $0.decode((Int64, String).self) }
        let posts = PostgresPostStore(database: database, defaultAuthor: "")
        let entries = try await posts.withTags(database.rows("""
            SELECT \(unescaped: PostgresPostStore.summaries) FROM post WHERE id = ANY (\(ranked.map(\.0))) AND \(publicAt: now)
            """).map(Post.init))
        let byID = Dictionary(uniqueKeysWithValues: entries.compactMap { entry in entry.post.id.map { ($0, entry) } })
        let results = ranked.compactMap { id, snippet in byID[id].map { PostSearchResult(entry: $0, snippetHTML: PostSearchMarks.html(snippet)) } }
        return PostSearchPage(results: results, page: page, perPage: perPage, totalCount: total)
    }
}
