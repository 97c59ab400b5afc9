import Foundation
import Hummingbird
import QuireCore

/// `GET /search?q=…&page=N`: public posts matching the text, best first, paged like `/`.
struct SearchController<Context: RequestContext>: Sendable {
    let search: any PostSearch
    let site: LiveSite
    let clock: WallClock

    func addRoutes(to router: Router<Context>) {
        router.get("/search", use: show)
    }

    @Sendable func show(request: Request, context: Context) async throws -> HTMLPage {
        let site = try await self.site.current()
        let text = String((request.uri.queryParameters["q"] ?? "").prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
        let number = try request.pageNumber()
        guard let query = SearchQuery(text) else {
            guard number == 1 else { throw HTTPError(.notFound) }
            return try site.views.searchPage(text: text, results: nil)
        }
        let results = try await search.search(query, page: number, perPage: site.config.postsPerPage, now: clock.now())
        guard number == 1 || number <= results.pageCount else { throw HTTPError(.notFound) }
        return try site.views.searchPage(text: text, results: results)
    }
}
