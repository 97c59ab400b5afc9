import Foundation
import Hummingbird
import QuireCore

/// `GET /sitemap.xml` (sitemaps.org): the front page, every tag page and every public post with
/// its `lastmod`. Past 50,000 URLs it becomes a sitemap index of `GET /sitemaps/N.xml` pages.
/// `GET /robots.txt` allows everything and names the sitemap.
struct SitemapController<Context: RequestContext>: Sendable {
    /// The most URLs one sitemap file may hold (sitemaps.org).
    static var maxURLs: Int { 50_000 }

    let posts: any PostStore
    let site: QuireConfig.Site
    /// Lowered by tests to see the index without 50,000 posts.
    let pageSize: Int
    let clock: WallClock

    func addRoutes(to router: Router<Context>) {
        router.get("/sitemap.xml", use: sitemap)
        router.get("/sitemaps/:file", use: sitemapPage)
        router.get("/robots.txt", use: robots)
    }

    @Sendable func robots(request: Request, context: Context) async throws -> TextDocument {
        TextDocument(
            text: "User-agent: *\nAllow: /\n\nSitemap: \(site.absoluteURL("/sitemap.xml"))\n",
            contentType: "text/plain; charset=utf-8"
        )
    }

    @Sendable func sitemap(request: Request, context: Context) async throws -> TextDocument {
        let now = clock.now()
        let head = try await headURLs(now: now)
        let total = head.count + (try await posts.publicCount(now: now))
        guard total > pageSize else {
            return try await urlset(page: 1, head: head, now: now)
        }
        let pages = (total + pageSize - 1) / pageSize
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in 1...pages {
            xml += "<sitemap><loc>\(XMLText.escape(site.absoluteURL("/sitemaps/\(page).xml")))</loc></sitemap>\n"
        }
        return TextDocument(text: xml + "</sitemapindex>\n", contentType: "application/xml; charset=utf-8")
    }

    @Sendable func sitemapPage(request: Request, context: Context) async throws -> TextDocument {
        let file = try context.parameters.require("file")
        guard file.hasSuffix(".xml"), let page = Int(file.dropLast(4)), page >= 1 else { throw HTTPError(.notFound) }
        let now = clock.now()
        let head = try await headURLs(now: now)
        let total = head.count + (try await posts.publicCount(now: now))
        guard total > pageSize, page <= (total + pageSize - 1) / pageSize else { throw HTTPError(.notFound) }
        return try await urlset(page: page, head: head, now: now)
    }

    /// The URLs before the posts: the front page, the pages (About…), the tag pages.
    private func headURLs(now: Date) async throws -> [(path: String, lastModified: Date?)] {
        let pages = try await posts.publicPages(now: now).map { ($0.publicPath, Optional($0.updatedAt)) }
        let tags = try await posts.publicTags(now: now).map { ("/tags/\($0.slug)", Date?.none) }
        return [("/", nil)] + pages + tags
    }

    /// One page of the list of URLs: the head URLs, then posts by id.
    private func urlset(page: Int, head: [(path: String, lastModified: Date?)], now: Date) async throws -> TextDocument {
        let first = (page - 1) * pageSize
        var urls = Array(head.dropFirst(min(first, head.count)).prefix(pageSize))
        let postOffset = max(0, first - head.count)
        let postLimit = pageSize - urls.count
        if postLimit > 0 {
            urls += try await posts.publicSlugs(offset: postOffset, limit: postLimit, now: now).map { ("/posts/\($0.slug)", $0.updatedAt) }
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for url in urls {
            xml += "<url><loc>\(XMLText.escape(site.absoluteURL(url.path)))</loc>"
            if let modified = url.lastModified { xml += "<lastmod>\(RFC3339.string(modified))</lastmod>" }
            xml += "</url>\n"
        }
        return TextDocument(text: xml + "</urlset>\n", contentType: "application/xml; charset=utf-8")
    }
}
