import Foundation
import QuireCore

extension SiteViews {
    /// The search page: the form with the reader's text, and a page of results when there is one.
    func searchPage(text: String, results: PostSearchPage?) throws -> HTMLPage {
        var site = self.site
        site.searchQuery = text
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let pageURL = { (number: Int) in number == 1 ? "/search?q=\(encoded)" : "/search?q=\(encoded)&page=\(number)" }
        let summary: String
        switch results?.totalCount ?? 0 {
        case 0: summary = "No posts match “\(text)”."
        case 1: summary = "One post matches “\(text)”."
        case let count: summary = "\(count) posts match “\(text)”."
        }
        let page = results?.page ?? 1
        let view = SearchPageView(
            site: site,
            head: PageHead(
                title: text.isEmpty ? "Search – \(config.site.title)" : "“\(text)” – Search – \(config.site.title)",
                description: "Search the posts of \(config.site.title).",
                canonicalURL: config.site.absoluteURL(text.isEmpty ? "/search" : pageURL(page))
            ),
            query: text,
            hasQuery: !text.isEmpty,
            summary: summary,
            results: (results?.results ?? []).map { SearchResultView(post: postView($0.entry, images: .none), snippetHTML: $0.snippetHTML) },
            hasResults: !(results?.results.isEmpty ?? true),
            newerURL: page > 1 ? pageURL(page - 1) : nil,
            olderURL: results.map { page < $0.pageCount } == true ? pageURL(page + 1) : nil
        )
        return HTMLPage(html: try renderer.render(view, template: "search"))
    }
}
