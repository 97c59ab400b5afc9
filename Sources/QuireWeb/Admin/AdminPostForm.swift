import Foundation
import QuireCore

/// The post editor's fields as typed: turned into a `PostDraft`, and shown again as typed when
/// something is wrong, each problem beside its field.
struct AdminPostForm: Sendable, Equatable {
    var title = ""
    var slug = ""
    var excerpt = ""
    var tags = ""
    var featuredImageURL = ""
    var featuredImageAlt = ""
    var featuredImageCaption = ""
    var commentsOpen = true
    /// `datetime-local`, in the site's time zone.
    var publishedAt = ""
    var bodyMarkdown = ""
    /// The version the form was opened at (0 for a new post).
    var version = 0

    /// What the button pressed asks for.
    enum Action: String, Sendable {
        /// Keep the status: save a draft, or update a published or scheduled post.
        case save
        /// Publish now, or at the date given when it is in the future.
        case publish
        /// Publish at once, whatever date the form gives (a scheduled post that should go out now).
        case publishNow = "publish-now"
        /// Publish at the date given, which must be in the future.
        case schedule
        /// Back to a draft.
        case unpublish
    }

    init() {}

    init(fields: FormFields) {
        title = fields.text("title").value
        slug = fields.text("slug").value.trimmingCharacters(in: .whitespaces)
        excerpt = fields.text("excerpt").value
        tags = fields.text("tags").value
        featuredImageURL = fields.text("featured_image_url").value.trimmingCharacters(in: .whitespaces)
        featuredImageAlt = fields.text("featured_image_alt").value
        featuredImageCaption = fields.text("featured_image_caption").value
        commentsOpen = !fields.text("comments_open").value.isEmpty
        publishedAt = fields.text("published_at").value.trimmingCharacters(in: .whitespaces)
        bodyMarkdown = fields.text("body_markdown").value.replacingOccurrences(of: "\r\n", with: "\n")
        version = Int(fields.text("version").value) ?? 0
    }

    /// The form filled from a stored post.
    init(_ editable: EditablePost, dates: AdminDates) {
        let post = editable.post
        title = post.title
        slug = post.slug
        excerpt = post.excerpt
        tags = editable.entry.tags.map(\.name).joined(separator: ", ")
        featuredImageURL = post.featuredImageURL ?? ""
        featuredImageAlt = post.featuredImageAlt ?? ""
        featuredImageCaption = post.featuredImageCaption ?? ""
        commentsOpen = post.commentsOpen
        publishedAt = dates.input(post.publishedAt)
        bodyMarkdown = post.bodyMarkdown
        version = editable.version
    }

    /// The draft to save for `action`, over `existing` (nil for a new post), or the problems
    /// with the fields, keyed by field name.
    func draft(for action: Action, existing: Post?, dates: AdminDates, now: Date) -> Result<PostDraft, FormErrors> {
        var errors: [String: String] = [:]
        var date: Date?
        if !publishedAt.isEmpty {
            date = dates.parse(publishedAt)
            if date == nil { errors["published_at"] = "Enter a date and time such as 2026-12-24 09:00." }
        }
        let status: PostStatus
        switch action {
        case .save:
            status = existing?.status(at: now) == .draft || existing == nil ? .draft : .published
        case .publish:
            status = .published
        case .publishNow:
            status = .published
            date = now
            errors["published_at"] = nil
        case .schedule:
            status = .scheduled
            if let date, date <= now { errors["published_at"] = "Choose a moment in the future to schedule the post." }
            if publishedAt.isEmpty { errors["published_at"] = "Choose when the post should be published." }
        case .unpublish:
            status = .draft
        }
        if !featuredImageURL.isEmpty, !Self.isImageAddress(featuredImageURL) {
            errors["featured_image_url"] = "Enter an address that starts with https://, http:// or /."
        }
        guard errors.isEmpty else { return .failure(FormErrors(errors)) }
        return .success(PostDraft(
            title: title,
            slug: slug.isEmpty ? existing?.slug : slug,
            bodyMarkdown: bodyMarkdown,
            bodyFormat: existing?.bodyFormat ?? .markdown,
            excerpt: excerpt,
            tags: tags.split(separator: ",").map { String($0) },
            status: status,
            // Publishing a draft without a date publishes it now; a published post keeps its date.
            publishedAt: date ?? (action == .publish && existing?.status == .draft ? now : nil),
            featuredImage: featuredImageURL.isEmpty ? nil : FeaturedImage(url: featuredImageURL, alt: featuredImageAlt, caption: featuredImageCaption),
            commentsOpen: commentsOpen
        ))
    }

    static func isImageAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://") || (text.hasPrefix("/") && !text.hasPrefix("//")))
            && !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" })
    }
}

/// Problems with a form's fields, keyed by field name, each a sentence for beside the field.
struct FormErrors: Error, Sendable, Equatable {
    var messages: [String: String]

    init(_ messages: [String: String]) {
        self.messages = messages
    }

    /// The field errors an error stands for: its own, or a store's refusal of one field in the
    /// form's words; nil for any other error.
    init?(of error: any Error) {
        if let errors = error as? FormErrors {
            self = errors
            return
        }
        guard let error = error as? StoreError else { return nil }
        switch error {
        case .invalid(let field, let message):
            let name = field == "featured_image" ? "featured_image_url" : field
            messages = [name: "This \(field.replacingOccurrences(of: "_", with: " ")) \(message)."]
        case .conflict(let field):
            messages = [field: "Another post already has this \(field)."]
        case .notFound, .outdated, .unavailable:
            return nil
        }
    }
}
