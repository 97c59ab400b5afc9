import Foundation
import Hummingbird
import QuireCore

/// What other servers read of the blog (SPEC §10, docs/federation.md): WebFinger, NodeInfo, the
/// actor and its collections. While `federation.enabled` is off each of these is 404, as if the
/// blog had never federated. The actor is also `/` asked for as ActivityStreams, and each post's
/// `Article` its own URL (`PostController`).
struct FederationController<Context: RequestContext>: Sendable {
    let site: LiveSite
    let representations: ActivityRepresentations
    let users: any UserStore
    let followers: any FederationStore
    let clock: WallClock

    /// Outbox pages hold this many posts.
    static var outboxPageSize: Int { 20 }

    func addRoutes(to router: Router<Context>) {
        router.get("/.well-known/webfinger", use: webFinger)
        router.get("/.well-known/nodeinfo", use: nodeInfoLinks)
        router.get("/nodeinfo/2.1", use: nodeInfo)
        router.get("/activitypub/actor", use: actor)
        router.get("/activitypub/outbox", use: outbox)
        router.get("/activitypub/following", use: following)
        router.get("/activitypub/followers", use: followerCollection)
    }

    /// The parts of the site and its addresses, or 404 while federation is off.
    private func federating() async throws -> (site: LiveSite.Parts, addresses: FederationAddresses) {
        let site = try await self.site.current()
        guard let addresses = site.federationAddresses else { throw HTTPError(.notFound) }
        return (site, addresses)
    }

    @Sendable func webFinger(request: Request, context: Context) async throws -> Response {
        let (_, addresses) = try await federating()
        switch WebFinger.lookup(request.uri.queryParameters["resource"].map(String.init), addresses: addresses) {
        case .unreadable:
            throw HTTPError(.badRequest, message: "Give the account as ?resource=acct:\(addresses.handle)@\(addresses.host).")
        case .unknown:
            throw HTTPError(.notFound, message: "This server has one account: acct:\(addresses.handle)@\(addresses.host).")
        case .blog:
            var response = try JSONBody(value: WebFinger.Document(addresses: addresses), contentType: FederationMediaType.webFinger)
                .response(from: request, context: context)
            // Web clients of other servers look accounts up from the browser.
            response.headers[.accessControlAllowOrigin] = "*"
            return response
        }
    }

    @Sendable func nodeInfoLinks(request: Request, context: Context) async throws -> JSONBody<NodeInfo.Links> {
        let (_, addresses) = try await federating()
        return JSONBody(value: NodeInfo.Links(base: addresses.base))
    }

    @Sendable func nodeInfo(request: Request, context: Context) async throws -> JSONBody<NodeInfo.Document> {
        let (site, _) = try await federating()
        let document = NodeInfo.Document(
            siteTitle: site.config.site.title, users: max(1, try await users.count()), posts: try await site.posts.publicCount(now: clock.now())
        )
        return JSONBody(value: document, contentType: FederationMediaType.nodeInfo)
    }

    @Sendable func actor(request: Request, context: Context) async throws -> JSONBody<ActorDocument> {
        guard let actor = try await representations.actor(of: site.current()) else { throw HTTPError(.notFound) }
        return actor
    }

    /// The public posts, newest first, as `Create` activities: the collection with its size,
    /// and `?page=N` its pages.
    @Sendable func outbox(request: Request, context: Context) async throws -> Response {
        let (site, addresses) = try await federating()
        let now = clock.now()
        guard let pageText = request.uri.queryParameters["page"] else {
            let total = try await site.posts.publicCount(now: now)
            return try JSONBody.activity(OrderedCollectionDocument<ActivityDocument<ArticleDocument>>(
                id: addresses.outbox, totalItems: total, first: total > 0 ? addresses.outbox + "?page=1" : nil, orderedItems: total > 0 ? nil : []
            )).response(from: request, context: context)
        }
        guard let number = Int(pageText), number >= 1 else { throw HTTPError(.notFound) }
        let page = try await site.posts.publicPage(number, perPage: Self.outboxPageSize, bodies: true, now: now)
        guard number <= max(1, page.pageCount) else { throw HTTPError(.notFound) }
        var items: [ActivityDocument<ArticleDocument>] = []
        for post in page.posts {
            items.append(ActivityDocument.create(ArticleDocument(post, addresses: addresses, keptID: try await representations.keptID(of: post))))
        }
        return try JSONBody.activity(OrderedCollectionDocument(
            id: addresses.outbox + "?page=\(number)", totalItems: page.totalCount,
            orderedItems: items,
            partOf: addresses.outbox, next: number < page.pageCount ? addresses.outbox + "?page=\(number + 1)" : nil
        )).response(from: request, context: context)
    }

    /// How many follow the blog. Who they are is the owner's to see, in the admin (Mastodon too
    /// shows others only the count by default).
    @Sendable func followerCollection(request: Request, context: Context) async throws -> JSONBody<OrderedCollectionDocument<String>> {
        let (_, addresses) = try await federating()
        return .activity(OrderedCollectionDocument(id: addresses.followers, totalItems: try await followers.followerCount()))
    }

    /// The blog follows no one: an empty collection, which Mastodon expects to find.
    @Sendable func following(request: Request, context: Context) async throws -> JSONBody<OrderedCollectionDocument<String>> {
        let (_, addresses) = try await federating()
        return .activity(OrderedCollectionDocument(id: addresses.following, totalItems: 0, orderedItems: []))
    }
}
