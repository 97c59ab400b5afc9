import Foundation
import Hummingbird
import QuireCore

/// `GET /{slug}`: a published page (About, Contact…). Every other route is more specific, so
/// this one answers only addresses no route of Quire's own takes; a page's old slug redirects (301).
struct PageController<Context: PageCachingRequestContext>: Sendable {
    let site: LiveSite
    let clock: WallClock

    func addRoutes(to router: Router<Context>) {
        router.get("/:slug", use: show)
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let slug = try context.parameters.require("slug")
        let now = clock.now()
        guard let page = try await site.posts.publicPage(slug: slug, now: now) else {
            if let renamed = try await site.posts.renamedPageSlug(from: slug, now: now) {
                return Response(status: .movedPermanently, headers: [.location: "/\(renamed)"])
            }
            throw HTTPError(.notFound)
        }
        let images = try await site.media.images(for: [PostWithTags(post: page, tags: [])], bodies: true, baseURL: site.config.site.baseURLPrefix)
        return try site.views.pagePage(page, images: images).response(from: request, context: context)
    }
}
