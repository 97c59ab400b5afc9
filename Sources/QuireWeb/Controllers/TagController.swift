import Foundation
import Hummingbird
import QuireCore

/// `GET /tags/{tag-slug}`: the public posts with a tag, paged like the front page.
struct TagController<Context: PageCachingRequestContext>: Sendable {
    let site: LiveSite
    let clock: WallClock

    func addRoutes(to router: Router<Context>) {
        router.get("/tags/:slug", use: show)
    }

    @Sendable func show(request: Request, context: Context) async throws -> HTMLPage {
        let site = try await self.site.current()
        let slug = try context.parameters.require("slug")
        let number = try request.pageNumber()
        guard let tag = try await site.posts.tag(slug: slug) else { throw HTTPError(.notFound) }
        let page = try await site.posts.publicPage(number, perPage: site.config.postsPerPage, tagSlug: slug, bodies: false, now: clock.now())
        guard page.totalCount > 0, number <= page.pageCount else { throw HTTPError(.notFound) }
        let counts = try await site.comments.approvedCounts(postIDs: page.posts.compactMap(\.post.id), log: context.readLog)
        return try site.views.tagPage(tag, page, commentCounts: counts, images: try await site.media.images(for: page.posts, bodies: false, baseURL: site.config.site.baseURLPrefix))
    }
}
