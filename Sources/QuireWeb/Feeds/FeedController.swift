import Foundation
import Hummingbird
import QuireCore

/// The site's feeds, each of the newest 20 public posts with full content:
/// `GET /feed.xml` (Atom 1.0), `GET /rss.xml` (RSS 2.0), `GET /feed.json` (JSON Feed 1.1), and
/// `GET /tags/{tag-slug}/feed.xml` (Atom, one tag).
struct FeedController<Context: RequestContext>: Sendable {
    static var size: Int { 20 }

    /// The site's title, tagline, language and author, as the settings say now.
    let live: LiveSite
    let clock: WallClock

    func addRoutes(to router: Router<Context>) {
        router.get("/feed.xml", use: atom)
        router.get("/rss.xml", use: rss)
        router.get("/feed.json", use: json)
        router.get("/tags/:slug/feed.xml", use: tagAtom)
    }

    @Sendable func atom(request: Request, context: Context) async throws -> TextDocument {
        let channel = try await siteChannel(feedPath: "/feed.xml")
        return TextDocument(text: FeedWriters.atom(channel), contentType: "application/atom+xml; charset=utf-8", lastModified: channel.updated)
    }

    @Sendable func rss(request: Request, context: Context) async throws -> TextDocument {
        let channel = try await siteChannel(feedPath: "/rss.xml")
        return TextDocument(text: FeedWriters.rss(channel), contentType: "application/rss+xml; charset=utf-8", lastModified: channel.updated)
    }

    @Sendable func json(request: Request, context: Context) async throws -> Response {
        let channel = try await siteChannel(feedPath: "/feed.json")
        var response = try JSONBody(value: FeedWriters.json(channel), contentType: "application/feed+json; charset=utf-8")
            .response(from: request, context: context)
        response.headers[.lastModified] = HTTPDate.string(channel.updated)
        return response
    }

    @Sendable func tagAtom(request: Request, context: Context) async throws -> TextDocument {
        let slug = try context.parameters.require("slug")
        let parts = try await live.current()
        let site = parts.config.site
        guard let tag = try await parts.posts.tag(slug: slug) else { throw HTTPError(.notFound) }
        let page = try await parts.posts.publicPage(1, perPage: Self.size, tagSlug: slug, bodies: true, now: clock.now())
        let channel = channel(
            site: site,
            title: "\(site.title): \(tag.name)",
            pagePath: "/tags/\(tag.slug)",
            feedPath: "/tags/\(tag.slug)/feed.xml",
            posts: page.posts
        )
        return TextDocument(text: FeedWriters.atom(channel), contentType: "application/atom+xml; charset=utf-8", lastModified: channel.updated)
    }

    private func siteChannel(feedPath: String) async throws -> FeedChannel {
        let parts = try await live.current()
        let page = try await parts.posts.publicPage(1, perPage: Self.size, bodies: true, now: clock.now())
        return channel(site: parts.config.site, title: parts.config.site.title, pagePath: "/", feedPath: feedPath, posts: page.posts)
    }

    private func channel(site: QuireConfig.Site, title: String, pagePath: String, feedPath: String, posts: [PostWithTags]) -> FeedChannel {
        FeedChannel(
            title: title,
            description: site.tagline,
            pageURL: site.absoluteURL(pagePath),
            feedURL: site.absoluteURL(feedPath),
            language: site.language,
            author: site.author,
            items: posts.map { FeedItem($0, site: site) }
        )
    }
}
