import Foundation

/// What a save makes of a draft, on either engine: the rules every store applies before it writes.
extension PostDraft {
    /// Validates the draft and derives everything stored beside it: the post a save writes,
    /// `previous` being what it replaces.
    func post(rendered: MarkdownRenderer.Rendered?, slug: String, now: Date, previous: Post?, defaultAuthor: String) throws -> Post {
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw StoreError.invalid(field: "title", message: "is required") }
        guard !title.containsControlCharacters() else {
            throw StoreError.invalid(field: "title", message: "must not contain control characters")
        }
        if tags.contains(where: { $0.containsControlCharacters() }) {
            throw StoreError.invalid(field: "tags", message: "must not contain control characters")
        }
        // PostgreSQL's text can't hold U+0000, so neither engine stores it.
        let texts = [("body_markdown", bodyMarkdown), ("excerpt", excerpt), ("author_name", authorName),
                     ("featured_image", featuredImage.map { [$0.url, $0.alt, $0.caption ?? ""].joined() })]
        if let (field, _) = texts.first(where: { $0.1?.contains("\u{0}") == true }) {
            throw StoreError.invalid(field: field, message: "must not contain the NUL character (U+0000)")
        }
        let kind = previous?.kind ?? self.kind
        if let slug = self.slug, !Slug.isValid(slug) {
            throw StoreError.invalid(field: "slug", message: "may hold only lowercase letters, digits and hyphens")
        }
        if kind == .page, let slug = self.slug ?? previous?.slug, PageSlug.isReserved(slug) {
            throw StoreError.invalid(field: "slug", message: "is an address Quire uses itself (/\(slug)); choose another")
        }
        if let image = featuredImage, image.url.trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.invalid(field: "featured_image", message: "needs a url")
        }
        let (status, publishedAt) = try schedule(now: now, previous: previous)
        let rendered = rendered ?? renderedBody()
        let excerpt = self.excerpt.map(HTMLText.collapsingWhitespace)?.nonEmpty ?? rendered.excerpt
        return Post(
            id: nil,
            slug: slug,
            title: title,
            excerpt: excerpt,
            bodyMarkdown: bodyMarkdown,
            bodyHTML: rendered.html,
            bodyText: rendered.text,
            featuredImageURL: featuredImage?.url,
            featuredImageAlt: featuredImage?.alt,
            featuredImageCaption: featuredImage?.caption?.nonEmpty,
            authorName: authorName?.nonEmpty ?? previous?.authorName ?? defaultAuthor,
            status: status,
            publishedAt: publishedAt,
            updatedAt: now,
            commentsOpen: commentsOpen,
            bodyFormat: bodyFormat,
            kind: kind
        )
    }

    /// The stored status and date: a published post dated in the future is scheduled.
    private func schedule(now: Date, previous: Post?) throws -> (PostStatus, Date?) {
        switch self.status {
        case .draft:
            return (.draft, publishedAt)
        case .published, .scheduled:
            guard let date = publishedAt ?? (self.status == .published ? previous?.publishedAt ?? now : nil) else {
                throw StoreError.invalid(field: "published_at", message: "a scheduled post needs a date")
            }
            return (date > now ? .scheduled : .published, date)
        }
    }

    /// The draft's tag names as a save keeps them.
    var uniqueTagNames: [String] { Self.uniqueTagNames(tags) }

    /// Trimmed, non-empty names, the first spelling of each kept when two differ only in case.
    static func uniqueTagNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.compactMap { name in
            let trimmed = HTMLText.collapsingWhitespace(name)
            guard !trimmed.isEmpty, seen.insert(trimmed.lowercased()).inserted else { return nil }
            return trimmed
        }
    }
}
