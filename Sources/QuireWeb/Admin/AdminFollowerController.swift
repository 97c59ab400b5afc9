import Foundation
import Hummingbird
import QuireCore

/// Who follows the blog from the fediverse, and the domains it won't hear from; an admin's only.
///
/// - `GET /admin/followers[?page=N]`: the followers, 50 a page, newest first; the blocked domains;
///   the delivery queue and the hosts failing deliveries
/// - `POST /admin/followers/remove` (`actor`): the follower is removed and sent a `Reject` of
///   their Follow, so their server stops showing them as following
/// - `POST /admin/followers/block` (`domain`): nothing more is taken from that domain or its
///   subdomains, and their followers are removed
/// - `POST /admin/followers/unblock` (`domain`)
struct AdminFollowerController<Context: AdminRequestContext>: Sendable {
    let site: LiveSite
    let federation: any FederationStore
    let clock: WallClock

    static var perPage: Int { 50 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/followers", use: list)
        group.post("/followers/remove", use: remove)
        group.post("/followers/block", use: block)
        group.post("/followers/unblock", use: unblock)
    }

    struct Screen: Sendable {
        var isFederating: Bool
        var count: Int
        var rows: [Row]
        var hasRows: Bool
        var newer: Int?
        var older: Int?
        var blocked: [String]
        var hasBlocked: Bool
        var domain: String
        var domainError: String?
        var pending: Int
        var failing: [Failing]
        var hasFailing: Bool
    }

    struct Row: Sendable {
        var actor: String
        var account: String
        var name: String
        var profileURL: String
        var since: String
    }

    struct Failing: Sendable {
        var host: String
        var failures: Int
        var lastError: String
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let query = request.uri.queryParameters
        let notice: String? = if query["removed"] != nil { "Follower removed; their server has been told." }
            else if query["blocked"] != nil { "Domain blocked; its followers were removed." }
            else if query["unblocked"] != nil { "Domain unblocked." }
            else { nil }
        let page = try request.pageNumber()
        // A page past any list (its offset would overflow) is simply not there.
        guard page <= Int.max / Self.perPage - 1 else { throw HTTPError(.notFound) }
        return try await screen(page: page, domain: "", domainError: nil, notice: notice, request: request, context: context)
    }

    @Sendable func remove(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let site = try await self.site.current()
        let actor = context.form.text("actor").value
        guard let follower = try await federation.follower(actorURI: actor) else {
            throw HTTPError(.notFound, message: "That account no longer follows the blog.")
        }
        let addresses = FederationAddresses(site: site.config.site, federation: site.config.federation)
        try await federation.removeFollower(actorURI: actor)
        let reject = FollowAnswer.make("Reject", of: FollowAnswer.follow(of: follower, addresses: addresses), addresses: addresses)
        try await federation.enqueue(try ActivityStreams.json(reject), to: [follower.actor.inbox], now: clock.now())
        return Response.seeOther("/admin/followers?removed")
    }

    @Sendable func block(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let typed = context.form.text("domain").value
        guard let domain = BlockedDomains.normalized(typed) else {
            return try await screen(
                page: 1, domain: typed, domainError: "Give a domain name such as spam.example.", status: .unprocessableContent, request: request, context: context
            )
        }
        try await federation.block(domain: domain, now: clock.now())
        return Response.seeOther("/admin/followers?blocked")
    }

    @Sendable func unblock(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        try await federation.unblock(domain: context.form.text("domain").value)
        return Response.seeOther("/admin/followers?unblocked")
    }

    private func screen(
        page: Int, domain: String, domainError: String?, notice: String? = nil, status: HTTPResponse.Status = .ok, request: Request, context: Context
    ) async throws -> Response {
        let site = try await self.site.current()
        let dates = site.adminViews.dates
        let count = try await federation.followerCount()
        guard page == 1 || (page - 1) * Self.perPage < count else { throw HTTPError(.notFound) }
        let rows = try await federation.followers(offset: (page - 1) * Self.perPage, limit: Self.perPage).map { follower in
            Row(
                actor: follower.actor.uri, account: follower.actor.account, name: follower.actor.name.isEmpty ? follower.actor.account : follower.actor.name,
                profileURL: follower.actor.profileURL, since: dates.display(follower.followedAt)
            )
        }
        let blocked = try await federation.blockedDomains()
        let failing = try await federation.failingHosts().map { Failing(host: $0.host, failures: $0.failures, lastError: $0.lastError ?? "") }
        let screen = Screen(
            isFederating: site.config.federation.enabled, count: count, rows: rows, hasRows: !rows.isEmpty,
            newer: page > 1 ? page - 1 : nil, older: page * Self.perPage < count ? page + 1 : nil,
            blocked: blocked, hasBlocked: !blocked.isEmpty, domain: domain, domainError: domainError,
            pending: try await federation.pendingDeliveryCount(), failing: failing, hasFailing: !failing.isEmpty
        )
        return try await site.adminViews.page(
            "followers", title: "Followers", screen: screen, context: context, section: "/admin/followers", notice: notice,
            error: domainError == nil ? nil : "Nothing was blocked: see the field marked below.", status: status
        ).response(from: request, context: context)
    }
}
