import Foundation

/// Full-text search over public posts: title, body and tags, title and tag matches counting
/// more, each result with a snippet of where it matched. Every term of the query is required.
public protocol PostSearch: Sendable {
    func search(_ query: SearchQuery, page: Int, perPage: Int, now: Date) async throws -> PostSearchPage
}

/// One search result.
public struct PostSearchResult: Sendable, Equatable {
    public var entry: PostWithTags
    /// A passage of the body with the matched terms in `<mark>`, escaped for HTML.
    public var snippetHTML: String
}

/// A page of search results and how many match in all.
public struct PostSearchPage: Sendable, Equatable {
    public var results: [PostSearchResult]
    public var page: Int
    public var perPage: Int
    public var totalCount: Int

    public var pageCount: Int { max(1, (totalCount + perPage - 1) / perPage) }
}

/// The characters each engine puts around a match in a snippet: private-use characters, which
/// no text escapes into, so they become `<mark>` only after the snippet is escaped.
enum PostSearchMarks {
    static let open = "\u{E000}"
    static let close = "\u{E001}"

    /// Escapes a snippet and turns the match markers into `<mark>` elements.
    static func html(_ snippet: String) -> String {
        HTMLText.escape(snippet)
            .replacingOccurrences(of: open, with: "<mark>")
            .replacingOccurrences(of: close, with: "</mark>")
    }
}
