import Foundation
import Hummingbird
import QuireCore

/// API tokens, an admin's only.
///
/// - `GET /admin/tokens`: every token with when it was made and last used
/// - `POST /admin/tokens` (`name`): a new token, shown on the answer once and never again
/// - `POST /admin/tokens/{id}/revoke`
struct AdminTokenController<Context: AdminRequestContext>: Sendable {
    let tokens: any AuthorTokenStore
    let site: LiveSite
    let clock: WallClock

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/tokens", use: list)
        group.post("/tokens", use: create)
        group.post("/tokens/:id/revoke", use: revoke)
    }

    struct Screen: Sendable {
        var rows: [Row]
        var hasRows: Bool
        var created: Created?
        var name: String
        var errors: [String: String]
    }

    struct Row: Sendable {
        var id: Int64
        var name: String
        var created: String
        var lastUsed: String
    }

    struct Created: Sendable {
        var name: String
        var token: String
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let notice = request.uri.queryParameters["revoked"] != nil ? "Token revoked: it no longer works." : nil
        return try await screen(created: nil, name: "", errors: [:], notice: notice, request: request, context: context)
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let name = context.form.text("name").value
        do {
            let token = try await tokens.create(name: String(name.prefix(100)), now: clock.now())
            return try await screen(
                created: Created(name: name, token: token), name: "", errors: [:],
                notice: "Token made. Copy it now: it is shown only this once.", request: request, context: context
            )
        } catch StoreError.invalid(_, let message) {
            return try await screen(created: nil, name: name, errors: ["name": "The name \(message)."], status: .unprocessableContent, request: request, context: context)
        }
    }

    @Sendable func revoke(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        do {
            try await tokens.revoke(id: try context.id())
        } catch StoreError.notFound {
            throw HTTPError(.notFound, message: "That token was already revoked.")
        }
        return Response.seeOther("/admin/tokens?revoked")
    }

    private func screen(
        created: Created?, name: String, errors: [String: String], notice: String? = nil, status: HTTPResponse.Status = .ok,
        request: Request, context: Context
    ) async throws -> Response {
        let site = try await self.site.current()
        let rows = try await tokens.all().map { token in
            Row(id: token.id, name: token.name, created: site.adminViews.dates.display(token.createdAt), lastUsed: token.lastUsedAt.map(site.adminViews.dates.display) ?? "never")
        }
        let screen = Screen(rows: rows, hasRows: !rows.isEmpty, created: created, name: name, errors: errors)
        return try await site.adminViews.page("tokens", title: "API tokens", screen: screen, context: context, section: "/admin/tokens", notice: notice, status: status)
            .response(from: request, context: context)
    }
}
