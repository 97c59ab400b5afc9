import Foundation
import Hummingbird
import QuireCore

/// `GET /tags/{tag-slug}`: the public posts with a tag, paged like the front page.
struct TagController<Context: RequestContext>: Sendable {
    let pages: PostPages

    var views: SiteViews { pages.views }

    func addRoutes(to router: Router<Context>) {
        router.get("/tags/:slug", use: show)
    }

    @Sendable func show(request: Request, context: Context) async throws -> HTMLPage {
        let slug = try context.parameters.require("slug")
        let number = try request.pageNumber()
        guard let tag = try await pages.posts.tag(slug: slug) else { throw HTTPError(.notFound) }
        let page = try await pages.posts.publicPage(number, perPage: views.config.postsPerPage, tagSlug: slug, now: Date())
        guard page.totalCount > 0, number <= page.pageCount else { throw HTTPError(.notFound) }
        return try views.postListPage(
            page,
            commentCounts: try await pages.commentCounts(page),
            path: "/tags/\(tag.slug)",
            heading: "Posts tagged “\(tag.name)”",
            title: "\(tag.name) – \(views.config.site.title)",
            feed: (url: "/tags/\(tag.slug)/feed.xml", title: "\(views.config.site.title): \(tag.name) (Atom)")
        )
    }
}
