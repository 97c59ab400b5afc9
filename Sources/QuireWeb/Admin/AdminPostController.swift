import Foundation
import Hummingbird
import QuireCore

/// Writing posts, and with `kind` `.page` pages (the same routes under `/admin/pages`, without
/// tags, excerpt, date, featured image or comments). Signed in; an author sees and changes only
/// their own (another's answers 404), an admin every one.
///
/// - `GET /admin/posts?status=&q=&page=`: the list, most recently saved first
/// - `GET /admin/posts/new`, `POST /admin/posts`: a new post
/// - `GET /admin/posts/{id}`, `POST /admin/posts/{id}`: the editor; `action` is `save`,
///   `publish`, `schedule` or `unpublish`; a save over a newer version is refused (409) with both shown
/// - `POST /admin/posts/preview`: the public page the form would make, saved nowhere
/// - `GET|POST /admin/posts/{id}/delete`: confirm, then delete
/// - `GET /admin/posts/{id}/revisions`, `GET /admin/posts/{id}/revisions/{rid}`,
///   `POST /admin/posts/{id}/revisions/{rid}/restore`
struct AdminPostController<Context: AdminRequestContext & PageCachingRequestContext>: Sendable {
    let site: LiveSite
    let users: any UserStore
    let clock: WallClock
    let kind: PostKind
    static var perPage: Int { 30 }

    /// `/admin/posts` or `/admin/pages`.
    var base: String { "/admin/\(kind.rawValue)s" }

    func addRoutes(to group: RouterGroup<Context>) {
        let prefix = "/\(kind.rawValue)s"
        group.get(RouterPath(prefix), use: list)
        group.get(RouterPath(prefix + "/new"), use: newForm)
        group.post(RouterPath(prefix), use: create)
        group.post(RouterPath(prefix + "/preview"), use: preview)
        group.get(RouterPath(prefix + "/:id"), use: editForm)
        group.post(RouterPath(prefix + "/:id"), use: save)
        group.get(RouterPath(prefix + "/:id/delete"), use: confirmDelete)
        group.post(RouterPath(prefix + "/:id/delete"), use: delete)
        group.get(RouterPath(prefix + "/:id/revisions"), use: revisions)
        group.get(RouterPath(prefix + "/:id/revisions/:rid"), use: revision)
        group.post(RouterPath(prefix + "/:id/revisions/:rid/restore"), use: restore)
    }

    // MARK: List

    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.user()
        let query = request.uri.queryParameters
        let status = query["status"].flatMap { PostStatus(rawValue: String($0)) }
        let words = String((query["q"].map(String.init) ?? "").prefix(200))
        let page = request.adminPageNumber
        let owner = user.listsOwnerID
        let now = clock.now()
        let (found, total) = try await site.posts.adminPage(.init(status: status, titleContains: words, ownerID: owner, kind: kind), page: page, perPage: Self.perPage, now: now)
        let counts = try await site.posts.statusCounts(ownerID: owner, kind: kind, now: now)
        let dates = site.adminViews.dates
        var filters = [AdminPostScreens.FilterLink(label: "All", url: "\(base)", current: status == nil, count: counts.values.reduce(0, +))]
        for candidate in PostStatus.allCases {
            filters.append(.init(label: candidate.rawValue.capitalized, url: "\(base)?status=\(candidate.rawValue)", current: status == candidate, count: counts[candidate]))
        }
        let rows = found.map { entry in
            let post = entry.post
            let shown = post.status(at: now)
            return AdminPostScreens.Row(
                title: post.title, editURL: "\(base)/\(post.id ?? 0)", status: shown.rawValue,
                date: dates.display(post.publishedAt), updated: dates.display(post.updatedAt), author: post.authorName,
                publicURL: shown == .published ? post.publicPath : nil
            )
        }
        func pageURL(_ number: Int) -> String {
            var items = ["page=\(number)"]
            if let status { items.append("status=\(status.rawValue)") }
            if !words.isEmpty { items.append("q=\(words.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            return "\(base)?" + items.joined(separator: "&")
        }
        let screen = AdminPostScreens.List(
            base: base, noun: kind.rawValue, heading: kind == .post ? "Posts" : "Pages", filters: filters, query: words, status: status?.rawValue ?? "", rows: rows, hasRows: !rows.isEmpty, total: total,
            previousURL: page > 1 ? pageURL(page - 1) : nil, nextURL: page * Self.perPage < total ? pageURL(page + 1) : nil
        )
        return try await site.adminViews.page("posts", title: screen.heading, screen: screen, context: context, section: "\(base)")
            .response(from: request, context: context)
    }

    // MARK: Editor

    @Sendable func newForm(request: Request, context: Context) async throws -> Response {
        _ = try context.user()
        return try await editor(AdminPostForm(), errors: [:], existing: nil, request: request, context: context)
    }

    @Sendable func editForm(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let existing = try await editable(context)
        let notice = request.uri.queryParameters["done"].flatMap { AdminPostScreens.notices[String($0)] }
            .map { kind == .page ? $0.replacingOccurrences(of: "Post ", with: "Page ") : $0 }
        return try await editor(AdminPostForm(existing, dates: site.adminViews.dates), errors: [:], existing: existing, notice: notice, request: request, context: context)
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.user()
        var form = AdminPostForm(fields: context.form)
        let action = AdminPostForm.Action(rawValue: context.form.text("action").value) ?? .save
        let now = clock.now()
        do {
            try await form.takeUploads(from: context.form, into: site.media, by: user, now: now)
            let draft = try form.draft(for: action, existing: nil, dates: site.adminViews.dates, now: now).get()
            var owned = draft
            owned.authorName = user.name
            owned.kind = kind
            let saved = try await site.posts.create(owned, now: now, ownerID: user.id, savedBy: user.id)
            return Response.seeOther("\(base)/\(saved.post.id ?? 0)?done=\(Self.outcome(of: action, saved: saved.post, now: now))")
        } catch let upload as AdminPostForm.UploadRefusal {
            return try await editor(form, errors: [upload.field: upload.refusal.description], existing: nil, status: upload.refusal.status, request: request, context: context)
        } catch let error where StoreError.isTemporary(error) {
            return try await keptEditor(form, existing: nil, request: request, context: context)
        } catch {
            guard let errors = FormErrors(of: error) else { throw error }
            return try await editor(form, errors: errors.messages, existing: nil, status: .unprocessableContent, request: request, context: context)
        }
    }

    @Sendable func save(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.user()
        let existing = try await editable(context)
        var form = AdminPostForm(fields: context.form)
        let action = AdminPostForm.Action(rawValue: context.form.text("action").value) ?? .save
        let now = clock.now()
        do {
            try await form.takeUploads(from: context.form, into: site.media, by: user, now: now)
            let draft = try form.draft(for: action, existing: existing.post, dates: site.adminViews.dates, now: now).get()
            let saved = try await site.posts.update(slug: existing.post.slug, with: draft, now: now, expectedVersion: form.version, savedBy: user.id)
            return Response.seeOther("\(base)/\(saved.post.id ?? 0)?done=\(Self.outcome(of: action, saved: saved.post, now: now))")
        } catch StoreError.outdated {
            // Someone saved since this form was opened: show both; saving again keeps the user's.
            guard let current = try await site.posts.editable(id: existing.post.id ?? 0) else { throw HTTPError(.notFound) }
            let conflict = AdminPostScreens.Conflict(
                savedAt: site.adminViews.dates.display(current.post.updatedAt), title: current.post.title,
                bodyMarkdown: current.post.bodyMarkdown, version: current.version
            )
            var kept = form
            kept.version = current.version
            return try await editor(
                kept, errors: [:], existing: current, conflict: conflict, status: .conflict,
                error: "This post was saved by someone else after you opened it. Nothing of yours is lost: compare the two below, then save again to keep your version.",
                request: request, context: context
            )
        } catch let upload as AdminPostForm.UploadRefusal {
            return try await editor(form, errors: [upload.field: upload.refusal.description], existing: existing, status: upload.refusal.status, request: request, context: context)
        } catch let error where StoreError.isTemporary(error) {
            return try await keptEditor(form, existing: existing, request: request, context: context)
        } catch {
            guard let errors = FormErrors(of: error) else { throw error }
            return try await editor(form, errors: errors.messages, existing: existing, status: .unprocessableContent, request: request, context: context)
        }
    }

    /// The page as readers would see it, from the form as it stands; it is never saved, and the
    /// page may run no script at all (its own CSP adds `sandbox`).
    @Sendable func preview(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.user()
        var existing: EditablePost?
        if let id = Int64(context.form.text("post_id").value), id > 0 {
            existing = try await site.posts.editable(id: id)
            guard let found = existing, found.post.kind == kind, user.mayChange(ownedBy: found.ownerID) else { throw HTTPError(.notFound) }
        }
        let now = clock.now()
        let form = AdminPostForm(fields: context.form)
        do {
            var draft = try form.draft(for: .publish, existing: existing?.post, dates: site.adminViews.dates, now: now).get()
            if existing == nil { draft.authorName = user.name }
            draft.kind = kind
            let entry = try site.posts.preview(draft, of: existing?.post, now: now)
            let page = kind == .page
                ? try site.views.pagePage(entry.post, images: try await site.media.images(for: [entry], bodies: true, baseURL: site.config.site.baseURLPrefix))
                : try await site.postPages.render(entry, form: CommentFormState(), now: now, log: context.readLog)
            var response = page.response(from: request, context: context)
            response.headers[values: .contentSecurityPolicy].append(SecurityHeaders.contentSecurityPolicy + "; sandbox")
            return response
        } catch {
            guard let errors = FormErrors(of: error) else { throw error }
            return try await editor(form, errors: errors.messages, existing: existing, status: .unprocessableContent, request: request, context: context)
        }
    }

    /// The editor again, with everything typed, when the database could not take the save: 503.
    private func keptEditor(_ form: AdminPostForm, existing: EditablePost?, request: Request, context: Context) async throws -> Response {
        try await Unavailable.keptForm(
            editor(form, errors: [:], existing: existing, status: .serviceUnavailable, error: Unavailable.formKept, request: request, context: context)
        )
    }

    private func editor(
        _ form: AdminPostForm, errors: [String: String], existing: EditablePost?, conflict: AdminPostScreens.Conflict? = nil,
        status: HTTPResponse.Status = .ok, notice: String? = nil, error: String? = nil, request: Request, context: Context
    ) async throws -> Response {
        let site = try await self.site.current()
        let now = clock.now()
        let shown = existing?.post.status(at: now)
        let id = existing?.post.id ?? 0
        let user = try context.user()
        let recent = try await site.media.page(after: nil, limit: 12, ownerID: user.listsOwnerID).items
        let screen = AdminPostScreens.Editor(
            heading: existing == nil ? "New \(kind.rawValue)" : "Edit \(kind.rawValue)", base: base, isPage: kind == .page,
            action: existing == nil ? "\(base)" : "\(base)/\(id)", postID: id,
            values: form, errors: errors, timeZone: site.adminViews.dates.zoneName, status: shown?.rawValue ?? "new",
            isNew: existing == nil, isDraft: shown == nil || shown == .draft, isPublic: shown == .published, isScheduled: shown == .scheduled,
            publicURL: shown == .published ? existing?.post.publicPath : nil,
            revisionsURL: existing == nil ? nil : "\(base)/\(id)/revisions",
            deleteURL: existing == nil ? nil : "\(base)/\(id)/delete",
            conflict: conflict,
            media: recent.map { AdminMediaItem($0, dates: site.adminViews.dates) }, hasMedia: !recent.isEmpty
        )
        let problem = error ?? (errors.isEmpty ? nil : "The \(kind.rawValue) was not saved: see the fields marked below.")
        return try await site.adminViews.page("post-editor", title: screen.heading, screen: screen, context: context, section: "\(base)", notice: notice, error: problem, status: status)
            .response(from: request, context: context)
    }

    // MARK: Delete

    @Sendable func confirmDelete(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let existing = try await editable(context)
        let id = existing.post.id ?? 0
        let count = try await site.comments.approvedCounts(postIDs: [id], log: context.readLog)[id] ?? 0
        let screen = AdminPostScreens.Delete(noun: kind.rawValue, title: existing.post.title, editURL: "\(base)/\(id)", deleteURL: "\(base)/\(id)/delete", comments: count)
        return try await site.adminViews.page("post-delete", title: "Delete \(kind.rawValue)", screen: screen, context: context, section: "\(base)")
            .response(from: request, context: context)
    }

    @Sendable func delete(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let existing = try await editable(context)
        try await site.posts.delete(slug: existing.post.slug)
        return Response.seeOther("\(base)?deleted")
    }

    // MARK: Revisions

    @Sendable func revisions(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let existing = try await editable(context)
        let id = existing.post.id ?? 0
        let names = Dictionary(uniqueKeysWithValues: try await users.all().compactMap { user in user.id.map { ($0, user.name) } })
        let rows = try await site.posts.revisions(postID: id).map { revision in
            AdminPostScreens.RevisionRow(
                version: revision.version, savedAt: site.adminViews.dates.display(revision.savedAt),
                savedBy: revision.savedBy.flatMap { names[$0] } ?? "the API or the command line",
                title: revision.title, url: "\(base)/\(id)/revisions/\(revision.id ?? 0)", isCurrent: revision.version == existing.version
            )
        }
        let screen = AdminPostScreens.Revisions(title: existing.post.title, editURL: "\(base)/\(id)", rows: rows)
        return try await site.adminViews.page("post-revisions", title: "Revisions", screen: screen, context: context, section: "\(base)")
            .response(from: request, context: context)
    }

    @Sendable func revision(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let existing = try await editable(context)
        let id = existing.post.id ?? 0
        guard let revision = try await site.posts.revision(id: try context.id("rid"), postID: id) else { throw HTTPError(.notFound) }
        let screen = AdminPostScreens.Revision(
            postTitle: existing.post.title, editURL: "\(base)/\(id)", revisionsURL: "\(base)/\(id)/revisions",
            restoreURL: "\(base)/\(id)/revisions/\(revision.id ?? 0)/restore", version: revision.version,
            savedAt: site.adminViews.dates.display(revision.savedAt), title: revision.title, excerpt: revision.excerpt,
            tags: revision.tagNames.joined(separator: ", "), bodyMarkdown: revision.bodyMarkdown, isCurrent: revision.version == existing.version
        )
        return try await site.adminViews.page("post-revision", title: "Revision \(revision.version)", screen: screen, context: context, section: "\(base)")
            .response(from: request, context: context)
    }

    /// Saves a revision's words again as the newest version; the post keeps its address,
    /// status and date.
    @Sendable func restore(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.user()
        let existing = try await editable(context)
        let id = existing.post.id ?? 0
        guard let revision = try await site.posts.revision(id: try context.id("rid"), postID: id) else { throw HTTPError(.notFound) }
        _ = try await site.posts.update(slug: existing.post.slug, with: revision.draftRestoring(over: existing.post), now: clock.now(), savedBy: user.id)
        return Response.seeOther("\(base)/\(id)?done=restored")
    }

    // MARK: Helpers

    /// The post of the route's `id`, if the signed-in user may edit it; 404 otherwise.
    private func editable(_ context: Context) async throws -> EditablePost {
        let site = try await self.site.current()
        let user = try context.user()
        guard let found = try await site.posts.editable(id: try context.id()), found.post.kind == kind, user.mayChange(ownedBy: found.ownerID) else {
            throw HTTPError(.notFound)
        }
        return found
    }

    static func outcome(of action: AdminPostForm.Action, saved: Post, now: Date) -> String {
        switch (action, saved.status(at: now)) {
        case (.unpublish, _): "unpublished"
        case (.publishNow, _): "published"
        case (_, .scheduled): "scheduled"
        case (.save, .draft): "saved"
        case (.save, _): "updated"
        case (_, .published): "published"
        case (_, .draft): "saved"
        }
    }
}
