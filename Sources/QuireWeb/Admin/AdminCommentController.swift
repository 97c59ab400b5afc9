import Foundation
import Hummingbird
import QuireCore

/// Moderating comments in the admin; an admin's only (an author gets 403).
///
/// - `GET /admin/comments?status=&page=`: the queue of a status (`pending` first), newest first
/// - `POST /admin/comments/moderate`: `action` (`approve`, `spam`, `trash`, `delete`) on every
///   checked `ids`, or a row's own button (`one` = `ACTION:ID`); back to the queue
/// - `GET /admin/comments/{id}`, `POST /admin/comments/{id}`: edit its text, name and website
/// - `POST /admin/comments/{id}/reply`: reply as the signed-in user, published at once
struct AdminCommentController<Context: AdminRequestContext>: Sendable {
    let site: LiveSite
    let clock: WallClock
    static var perPage: Int { 50 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/comments", use: queue)
        group.post("/comments/moderate", use: moderate)
        group.get("/comments/:id", use: editForm)
        group.post("/comments/:id", use: edit)
        group.post("/comments/:id/reply", use: reply)
    }

    struct Queue: Sendable {
        var status: String
        var filters: [AdminPostScreens.FilterLink]
        var rows: [Row]
        var hasRows: Bool
        var actions: [Choice]
        var previousURL: String?
        var nextURL: String?
    }

    struct Row: Sendable {
        var id: Int64
        var author: String
        var authorURL: String?
        var email: String
        var excerpt: String
        var date: String
        var postTitle: String
        var postURL: String
        var editURL: String
        var buttons: [Choice]
    }

    struct Choice: Sendable {
        var value: String
        var label: String
    }

    struct Editor: Sendable {
        var id: Int64
        var postTitle: String
        var postURL: String
        var status: String
        var email: String
        var date: String
        var body: String
        var author: String
        var url: String
        var reply: String
        var errors: [String: String]
    }

    /// What each moderation action does: a status, or nil to delete.
    static func target(of action: String) -> CommentStatus?? {
        switch action {
        case "approve": .some(.approved)
        case "pending": .some(.pending)
        case "spam": .some(.spam)
        case "trash": .some(.trash)
        case "delete": .some(nil)
        default: nil
        }
    }

    static func choices(for status: CommentStatus) -> [Choice] {
        let all = [
            Choice(value: "approve", label: "Approve"), Choice(value: "pending", label: "Hold"), Choice(value: "spam", label: "Spam"),
            Choice(value: "trash", label: "Trash"), Choice(value: "delete", label: "Delete for good"),
        ]
        let current = ["approved": "approve", "pending": "pending", "spam": "spam", "trash": "trash"][status.rawValue]
        return all.filter { $0.value != current }
    }

    @Sendable func queue(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        _ = try context.admin()
        let query = request.uri.queryParameters
        let status = query["status"].flatMap { CommentStatus(rawValue: String($0)) } ?? .pending
        let page = request.adminPageNumber
        let entries = try await site.comments.adminPage(status: status, page: page, perPage: Self.perPage + 1)
        var filters: [AdminPostScreens.FilterLink] = []
        for candidate in [CommentStatus.pending, .approved, .spam, .trash] {
            filters.append(.init(label: candidate.rawValue.capitalized, url: "/admin/comments?status=\(candidate.rawValue)", current: candidate == status, count: try await site.comments.count(status: candidate)))
        }
        let choices = Self.choices(for: status)
        let rows = entries.prefix(Self.perPage).map { entry in
            let comment = entry.comment
            let id = comment.id ?? 0
            return Row(
                id: id, author: comment.authorName, authorURL: comment.authorURL, email: comment.authorEmail,
                excerpt: String(comment.body.prefix(300)), date: site.adminViews.dates.display(comment.createdAt), postTitle: entry.postTitle,
                postURL: "/posts/\(entry.postSlug)#comment-\(id)", editURL: "/admin/comments/\(id)",
                buttons: choices.filter { $0.value != "delete" }.map { Choice(value: "\($0.value):\(id)", label: $0.label) }
            )
        }
        let screen = Queue(
            status: status.rawValue, filters: filters, rows: Array(rows), hasRows: !rows.isEmpty, actions: choices,
            previousURL: page > 1 ? "/admin/comments?status=\(status.rawValue)&page=\(page - 1)" : nil,
            nextURL: entries.count > Self.perPage ? "/admin/comments?status=\(status.rawValue)&page=\(page + 1)" : nil
        )
        let notice = query["done"].flatMap { Int(String($0)) }.map { $0 == 1 ? "1 comment changed." : "\($0) comments changed." }
        return try await site.adminViews.page("comments", title: "Comments", screen: screen, context: context, section: "/admin/comments", notice: notice)
            .response(from: request, context: context)
    }

    @Sendable func moderate(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        _ = try context.admin()
        let form = context.form
        let back = "/admin/comments?status=\(CommentStatus(rawValue: form.text("status").value)?.rawValue ?? "pending")"
        let (action, ids): (String, [Int64])
        let one = form.text("one").value
        if !one.isEmpty {
            let parts = one.split(separator: ":", maxSplits: 1)
            (action, ids) = (String(parts.first ?? ""), parts.count == 2 ? Int64(parts[1]).map { [$0] } ?? [] : [])
        } else {
            (action, ids) = (form.text("action").value, form.texts("ids").compactMap { Int64($0) })
        }
        guard let target = Self.target(of: action) else {
            throw HTTPError(.badRequest, message: "Choose what to do with the comments: approve, hold, spam, trash or delete.")
        }
        guard !ids.isEmpty else { return Response.seeOther(back + "&done=0") }
        let changed = try await site.comments.moderate(ids: Array(Set(ids)), to: target)
        return Response.seeOther(back + "&done=\(changed)")
    }

    @Sendable func editForm(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let entry = try await entry(context)
        return try await editor(entry, body: entry.comment.body, author: entry.comment.authorName, url: entry.comment.authorURL ?? "", reply: "", errors: [:], request: request, context: context)
    }

    @Sendable func edit(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        _ = try context.admin()
        let entry = try await entry(context)
        let form = context.form
        let (body, author, url) = (form.text("comment").value, form.text("author").value, form.text("url").value)
        do {
            try await site.comments.edit(id: entry.comment.id ?? 0, body: body, authorName: author, authorURL: url)
            return Response.seeOther("/admin/comments/\(entry.comment.id ?? 0)?saved")
        } catch StoreError.invalid(let field, let message) {
            return try await editor(entry, body: body, author: author, url: url, reply: "", errors: [field: message], status: .unprocessableContent, request: request, context: context)
        } catch let error where StoreError.isTemporary(error) {
            return try await Unavailable.keptForm(
                editor(entry, body: body, author: author, url: url, reply: "", errors: [:], problem: Unavailable.formKept, status: .serviceUnavailable, request: request, context: context)
            )
        }
    }

    @Sendable func reply(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.admin()
        let entry = try await entry(context)
        let text = context.form.text("reply").value
        do {
            let saved = try await site.comments.reply(to: entry.comment.id ?? 0, body: text, by: user, now: clock.now())
            return Response.seeOther("/posts/\(entry.postSlug)#comment-\(saved.id ?? 0)")
        } catch StoreError.invalid(let field, let message) {
            let key = field == "comment" ? "reply" : field
            return try await editor(
                entry, body: entry.comment.body, author: entry.comment.authorName, url: entry.comment.authorURL ?? "", reply: text,
                errors: [key: message], status: .unprocessableContent, request: request, context: context
            )
        } catch let error where StoreError.isTemporary(error) {
            return try await Unavailable.keptForm(editor(
                entry, body: entry.comment.body, author: entry.comment.authorName, url: entry.comment.authorURL ?? "", reply: text,
                errors: [:], problem: Unavailable.formKept, status: .serviceUnavailable, request: request, context: context
            ))
        }
    }

    private func entry(_ context: Context) async throws -> CommentAdminEntry {
        let site = try await self.site.current()
        guard let entry = try await site.comments.adminEntry(id: try context.id()) else { throw HTTPError(.notFound) }
        return entry
    }

    private func editor(
        _ entry: CommentAdminEntry, body: String, author: String, url: String, reply: String, errors: [String: String],
        problem: String? = nil, status: HTTPResponse.Status = .ok, request: Request, context: Context
    ) async throws -> Response {
        let site = try await self.site.current()
        let comment = entry.comment
        let screen = Editor(
            id: comment.id ?? 0, postTitle: entry.postTitle, postURL: "/posts/\(entry.postSlug)", status: comment.status.rawValue,
            email: comment.authorEmail, date: site.adminViews.dates.display(comment.createdAt), body: body, author: author, url: url, reply: reply, errors: errors
        )
        let notice = request.uri.queryParameters["saved"] != nil ? "Comment saved." : nil
        return try await site.adminViews.page(
            "comment-editor", title: "Edit comment", screen: screen, context: context, section: "/admin/comments", notice: notice,
            error: problem ?? (errors.isEmpty ? nil : "Nothing was saved: see the field marked below."), status: status
        ).response(from: request, context: context)
    }
}
