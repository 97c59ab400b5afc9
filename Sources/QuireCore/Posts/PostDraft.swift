import Foundation

/// What an author gives to create or replace a post; everything else is derived when it is saved.
public struct PostDraft: Sendable, Equatable {
    public var title: String
    /// Made from the title when nil.
    public var slug: String?
    /// The body's source; HTML when `bodyFormat` is `.html`.
    public var bodyMarkdown: String
    public var bodyFormat: BodyFormat
    /// Made from the body's first paragraph when nil or blank.
    public var excerpt: String?
    public var tags: [String]
    public var status: PostStatus
    /// Now, for a post published without a date; a future date makes a published post scheduled.
    public var publishedAt: Date?
    public var featuredImage: FeaturedImage?
    public var commentsOpen: Bool
    /// The site's author when nil.
    public var authorName: String?
    /// A post or a page; a saved post keeps the kind it was made with.
    public var kind: PostKind = .post

    public init(
        title: String,
        slug: String? = nil,
        bodyMarkdown: String,
        bodyFormat: BodyFormat = .markdown,
        excerpt: String? = nil,
        tags: [String] = [],
        status: PostStatus = .published,
        publishedAt: Date? = nil,
        featuredImage: FeaturedImage? = nil,
        commentsOpen: Bool = true,
        authorName: String? = nil
    ) {
        self.title = title
        self.slug = slug
        self.bodyMarkdown = bodyMarkdown
        self.bodyFormat = bodyFormat
        self.excerpt = excerpt
        self.tags = tags
        self.status = status
        self.publishedAt = publishedAt
        self.featuredImage = featuredImage
        self.commentsOpen = commentsOpen
        self.authorName = authorName
    }

    /// The slug made from the title when none is given (empty when the title has nothing to
    /// make one of); a page's is never an address of Quire's own routes (`about-page` for "API").
    public var slugFromTitle: String {
        let slug = Slug.make(from: title)
        return kind == .page && PageSlug.isReserved(slug) ? slug + "-page" : slug
    }

    /// The body as it is stored: HTML, plain text and the excerpt derived from it. Rendering
    /// needs nothing from the database, so it may happen before, and beside, the transaction.
    public func renderedBody() -> MarkdownRenderer.Rendered {
        switch bodyFormat {
        case .markdown: MarkdownRenderer().render(bodyMarkdown)
        case .html: WordPressHTML.render(bodyMarkdown)
        }
    }
}
