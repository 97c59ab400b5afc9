import Foundation
import Hummingbird
import QuireCore

/// The reader's pages: `GET /` (newest posts, paged) and `GET /posts/{slug}`.
struct PostController<Context: RequestContext>: Sendable {
    let posts: PostStore
    let views: SiteViews

    func addRoutes(to router: Router<Context>) {
        router.get("/", use: index)
        router.get("/posts/:slug", use: show)
    }

    @Sendable func index(request: Request, context: Context) async throws -> HTMLPage {
        let number = try request.pageNumber()
        let page = try await posts.publicPage(number, perPage: views.config.postsPerPage, now: Date())
        guard number <= page.pageCount else { throw HTTPError(.notFound) }
        return try views.postListPage(page, path: "/", heading: nil, title: "\(views.config.site.title) – \(views.config.site.tagline)")
    }

    @Sendable func show(request: Request, context: Context) async throws -> HTMLPage {
        let slug = try context.parameters.require("slug")
        guard let post = try await posts.publicPost(slug: slug, now: Date()) else { throw HTTPError(.notFound) }
        return try views.postPage(post)
    }
}

extension Request {
    /// `?page=N` as a page number: 1 when absent; anything but a positive whole number is a
    /// page that does not exist.
    func pageNumber() throws -> Int {
        guard let text = uri.queryParameters["page"] else { return 1 }
        guard let number = Int(text), number >= 1 else { throw HTTPError(.notFound) }
        return number
    }
}
