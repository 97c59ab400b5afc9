import Foundation
import Hummingbird
import QuireCore

/// The blog's users, an admin's only.
///
/// - `GET /admin/users`: every user, and the invitation form
/// - `POST /admin/users` (`email`, `name`, `role`): adds a user and shows their one-time link
/// - `POST /admin/users/{id}/role` (`role`); `POST /admin/users/{id}/link`: a new one-time link
/// - `GET|POST /admin/users/{id}/remove`: confirm, then remove (their posts stay)
struct AdminUserController<Context: AdminRequestContext>: Sendable {
    let users: any UserStore
    let site: LiveSite
    let baseURL: String
    let clock: WallClock

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/users", use: list)
        group.post("/users", use: invite)
        group.post("/users/:id/role", use: changeRole)
        group.post("/users/:id/link", use: newLink)
        group.get("/users/:id/remove", use: confirmRemove)
        group.post("/users/:id/remove", use: remove)
    }

    struct Screen: Sendable {
        var rows: [Row]
        var link: Link?
        var email: String
        var name: String
        var role: String
        var invitesAdmin: Bool
        var errors: [String: String]
    }

    struct Row: Sendable {
        var id: Int64
        var name: String
        var email: String
        var isAdmin: Bool
        var hasPassword: Bool
        var isYou: Bool
        var created: String
    }

    struct Link: Sendable {
        var name: String
        var url: String
    }

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let notice: String? = switch request.uri.queryParameters["done"].map(String.init) {
        case "role": "Role changed."
        case "removed": "User removed; their posts stay."
        default: nil
        }
        return try await screen(link: nil, email: "", name: "", role: "author", errors: [:], notice: notice, request: request, context: context)
    }

    @Sendable func invite(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let form = context.form
        let (email, name) = (form.text("email").value, form.text("name").value)
        let role = UserRole(rawValue: form.text("role").value) ?? .author
        let now = clock.now()
        do {
            let user = try await users.create(email: email, name: name, role: role, now: now)
            let token = try await users.signInLink(forUserID: user.id ?? 0, now: now)
            return try await screen(
                link: Link(name: user.name, url: baseURL + "/admin/welcome?token=\(token)"), email: "", name: "", role: "author", errors: [:],
                notice: "\(user.name) was added. Send them the link below: it works once, within 24 hours.", request: request, context: context
            )
        } catch StoreError.invalid(let field, let message) {
            return try await screen(link: nil, email: email, name: name, role: role.rawValue, errors: [field: "The \(field) \(message)."], status: .unprocessableContent, request: request, context: context)
        } catch StoreError.conflict {
            return try await screen(link: nil, email: email, name: name, role: role.rawValue, errors: ["email": "Someone already signs in with this email."], status: .unprocessableContent, request: request, context: context)
        }
    }

    @Sendable func changeRole(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        guard let role = UserRole(rawValue: context.form.text("role").value) else { throw HTTPError(.badRequest, message: "A role is admin or author.") }
        do {
            try await users.changeRole(userID: try context.id(), to: role)
        } catch StoreError.invalid(_, let message) {
            throw HTTPError(.conflict, message: "The role was not changed: \(message).")
        }
        return Response.seeOther("/admin/users?done=role")
    }

    @Sendable func newLink(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let id = try context.id()
        guard let user = try await users.user(id: id) else { throw HTTPError(.notFound) }
        let token = try await users.signInLink(forUserID: id, now: clock.now())
        return try await screen(
            link: Link(name: user.name, url: baseURL + "/admin/welcome?token=\(token)"), email: "", name: "", role: "author", errors: [:],
            notice: "A new link for \(user.name): it works once, within 24 hours; their password keeps working until they use it.",
            request: request, context: context
        )
    }

    @Sendable func confirmRemove(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        _ = try context.admin()
        guard let user = try await users.user(id: try context.id()) else { throw HTTPError(.notFound) }
        return try await site.adminViews.page("user-remove", title: "Remove user", screen: ["name": user.name, "email": user.email, "id": String(user.id ?? 0)], context: context, section: "/admin/users")
            .response(from: request, context: context)
    }

    @Sendable func remove(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        do {
            try await users.remove(userID: try context.id())
        } catch StoreError.invalid(_, let message) {
            throw HTTPError(.conflict, message: "The user was not removed: \(message).")
        } catch StoreError.notFound {
            throw HTTPError(.notFound)
        }
        return Response.seeOther("/admin/users?done=removed")
    }

    private func screen(
        link: Link?, email: String, name: String, role: String, errors: [String: String], notice: String? = nil,
        status: HTTPResponse.Status = .ok, request: Request, context: Context
    ) async throws -> Response {
        let site = try await self.site.current()
        let me = context.signedIn?.userID
        let rows = try await users.all().map { user in
            Row(
                id: user.id ?? 0, name: user.name, email: user.email, isAdmin: user.role == .admin, hasPassword: user.passwordHash != nil,
                isYou: user.id == me, created: site.adminViews.dates.display(user.createdAt)
            )
        }
        let screen = Screen(rows: rows, link: link, email: email, name: name, role: role, invitesAdmin: role == UserRole.admin.rawValue, errors: errors)
        return try await site.adminViews.page(
            "users", title: "Users", screen: screen, context: context, section: "/admin/users", notice: notice,
            error: errors.isEmpty ? nil : "No one was added: see the fields marked below.", status: status
        ).response(from: request, context: context)
    }
}
