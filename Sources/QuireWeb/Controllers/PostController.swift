import Foundation
import Hummingbird
import QuireCore

/// The reader's pages: `GET /` (newest posts, paged) and `GET /posts/{slug}`. Asked for as
/// ActivityStreams while the blog federates, they answer the actor and the post's `Article`.
struct PostController<Context: PageCachingRequestContext>: Sendable {
    let site: LiveSite
    let representations: ActivityRepresentations
    let clock: WallClock

    func addRoutes(to router: Router<Context>) {
        router.get("/", use: index)
        router.get("/posts/:slug", use: show)
    }

    @Sendable func index(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        if request.wantsActivityStreams, let actor = try await representations.actor(of: site) {
            return try actor.response(from: request, context: context).varyingByAccept()
        }
        return try await frontPage(site, request: request, context: context).response(from: request, context: context).varyingByAccept()
    }

    private func frontPage(_ site: LiveSite.Parts, request: Request, context: Context) async throws -> HTMLPage {
        let number = try request.pageNumber()
        let page = try await site.posts.publicPage(number, perPage: site.config.postsPerPage, bodies: false, now: clock.now())
        guard number <= page.pageCount else { throw HTTPError(.notFound) }
        let counts = try await site.comments.approvedCounts(postIDs: page.posts.compactMap(\.post.id), log: context.readLog)
        return try site.views.frontPage(page, commentCounts: counts, images: try await site.media.images(for: page.posts, bodies: false, baseURL: site.config.site.baseURLPrefix))
    }

    /// The post, its approved comments and the form; `?replytocom=ID` makes the form a reply,
    /// `?moderation=pending` says a held comment arrived. A post's old slug redirects (301).
    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let slug = try context.parameters.require("slug")
        let now = clock.now()
        guard let post = try await site.posts.publicPost(slug: slug, now: now) else {
            if let renamed = try await site.posts.renamedSlug(from: slug, publicAt: now) {
                return Response(status: .movedPermanently, headers: [.location: "/posts/\(renamed)"])
            }
            if request.wantsActivityStreams, let tombstone = try await representations.tombstone(slug: slug, of: site, request: request, context: context) {
                return tombstone
            }
            throw HTTPError(.notFound)
        }
        if request.wantsActivityStreams, let article = try await representations.article(post, of: site) {
            return try article.response(from: request, context: context).varyingByAccept()
        }
        let query = request.uri.queryParameters
        let form = CommentFormState(
            parentID: query["replytocom"].flatMap { Int64($0) },
            awaitingModeration: query["moderation"] == "pending"
        )
        return try await site.postPages.render(post, form: form, now: now, log: context.readLog).response(from: request, context: context).varyingByAccept()
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
