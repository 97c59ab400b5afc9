import Foundation
import Hummingbird
import QuireCore

/// The blog's settings (SPEC §9), an admin's only: `GET /admin/settings`, and
/// `POST /admin/settings` with one field per key of `EditableSettings.keys`. Each value is
/// checked by the config file's own rules; on any problem nothing is saved and the form comes
/// back as typed, each message beside its field. A saved change shows on the next request.
struct AdminSettingsController<Context: AdminRequestContext>: Sendable {
    let site: LiveSite
    let settings: any SettingsStore

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("/settings", use: show)
        group.post("/settings", use: save)
    }

    struct Screen: Sendable {
        var sections: [Section]
    }

    struct Section: Sendable {
        var heading: String
        var fields: [Field]
    }

    struct Field: Sendable {
        var key: String
        var id: String
        var label: String
        var hint: String?
        var value: String
        /// The problem with the value typed (not `error`: Mustache would find the page's own).
        var problem: String?
        var isText: Bool
        var isNumber: Bool
        var isLongText: Bool
        var isSelect: Bool
        /// A checkbox, ticked when `value` is "on".
        var isSwitch: Bool
        var isOn: Bool
        var options: [Option]
    }

    struct Option: Sendable {
        var value: String
        var selected: Bool
    }

    /// Each key's label, hint and kind of field, in the form's sections.
    static var layout: [(heading: String, fields: [(key: String, label: String, hint: String?)])] { [
        ("Site", [
            ("site.title", "Title", nil), ("site.tagline", "Tagline", nil),
            ("site.author", "Author", "named on posts that name no one"),
            ("site.language", "Language", "a tag such as en or pt-BR"),
            ("site.timezone", "Time zone", "an IANA name such as UTC or Europe/Lisbon; the admin's dates use it"),
        ]),
        ("Reading", [
            ("posts_per_page", "Posts per page", "1 to 100"), ("related_posts", "Related posts under each post", "0 to 20"),
            ("support_block_markdown", "Note under every post", "Markdown, such as a donation link; empty for none"),
            ("navigation", "Links in the header", "one a line, in order: Label | /path, such as About | /about"),
        ]),
        ("Comments", [
            ("comments.moderation", "Moderation", "hold_first_time holds a first comment from an address"),
            ("comments.max_links", "Links before a comment is held", nil),
            ("comments.blocklist", "Blocked words", "one a line; a comment with one is held"),
            ("comments.max_comment_length", "Longest comment, in characters", nil),
            ("comments.comment_rate_limit", "Comments a minute from one address", "0 for no limit"),
            ("comments.close_comments_after_days", "Close comments after this many days", "0 keeps them open"),
            ("comments.thread_depth", "Deepest reply", nil),
        ]),
        ("Fediverse", [
            ("federation.enabled", "Let people follow the blog from Mastodon and the fediverse", "posts are sent to followers, their replies arrive as comments, and Webmentions are taken and sent"),
        ]),
    ] }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let config = try await site.current().config
        let values = Dictionary(uniqueKeysWithValues: EditableSettings.keys.map { ($0, EditableSettings.formValue($0, in: config)) })
        let notice = request.uri.queryParameters["saved"] != nil ? "Settings saved; the blog shows them now." : nil
        return try await screen(values: values, errors: [:], notice: notice, request: request, context: context)
    }

    @Sendable func save(request: Request, context: Context) async throws -> Response {
        _ = try context.admin()
        let form = context.form
        let values = Dictionary(uniqueKeysWithValues: EditableSettings.keys.map { ($0, form.text($0).value.replacingOccurrences(of: "\r\n", with: "\n")) })
        let errors: [String: String]
        do {
            errors = try await settings.save(values)
        } catch let error where StoreError.isTemporary(error) {
            return try await Unavailable.keptForm(
                screen(values: values, errors: [:], problem: Unavailable.formKept, status: .serviceUnavailable, request: request, context: context)
            )
        }
        guard errors.isEmpty else {
            return try await screen(values: values, errors: errors, status: .unprocessableContent, request: request, context: context)
        }
        return Response.seeOther("/admin/settings?saved")
    }

    private func screen(
        values: [String: String], errors: [String: String], notice: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok, request: Request, context: Context
    ) async throws -> Response {
        let sections = Self.layout.map { section in
            Section(heading: section.heading, fields: section.fields.map { field in
                let value = values[field.key] ?? ""
                let isSelect = field.key == "comments.moderation"
                let options = isSelect ? QuireConfig.Moderation.allCases.map { Option(value: $0.rawValue, selected: $0.rawValue == value) } : []
                let isLongText = ["support_block_markdown", "comments.blocklist", "navigation"].contains(field.key)
                let isNumber = EditableSettings.numberKeys.contains(field.key)
                let isSwitch = EditableSettings.switchKeys.contains(field.key)
                return Field(
                    key: field.key, id: "setting-" + field.key.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-"),
                    label: field.label, hint: field.hint, value: value, problem: errors[field.key].map { $0.prefix(1).uppercased() + $0.dropFirst() + "." },
                    isText: !isSelect && !isLongText && !isNumber && !isSwitch, isNumber: isNumber, isLongText: isLongText, isSelect: isSelect,
                    isSwitch: isSwitch, isOn: value == "on", options: options
                )
            })
        }
        return try await site.current().adminViews.page(
            "settings", title: "Settings", screen: Screen(sections: sections), context: context, section: "/admin/settings", notice: notice,
            error: problem ?? (errors.isEmpty ? nil : "Nothing was saved: see the fields marked below."), status: status
        ).response(from: request, context: context)
    }
}
