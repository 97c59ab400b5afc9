import Foundation
import GRDB

/// A row of the `post` table: one article, with its Markdown and the HTML rendered when it was saved.
public struct Post: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64?
    public var slug: String
    public var title: String
    public var excerpt: String
    public var bodyMarkdown: String
    public var bodyHTML: String
    /// The body as plain text, for the search index.
    public var bodyText: String
    public var featuredImageURL: String?
    public var featuredImageAlt: String?
    public var featuredImageCaption: String?
    public var authorName: String
    public var status: PostStatus
    public var publishedAt: Date?
    public var updatedAt: Date
    public var commentsOpen: Bool
    /// What `bodyMarkdown` holds: Markdown, or for posts imported from WordPress, their HTML.
    public var bodyFormat: BodyFormat = .markdown
    /// A dated post, or an undated page at `/{slug}`.
    public var kind: PostKind = .post

    enum CodingKeys: String, CodingKey {
        case id, slug, title, excerpt
        case bodyMarkdown = "body_markdown"
        case bodyHTML = "body_html"
        case bodyText = "body_text"
        case featuredImageURL = "featured_image_url"
        case featuredImageAlt = "featured_image_alt"
        case featuredImageCaption = "featured_image_caption"
        case authorName = "author_name"
        case status
        case publishedAt = "published_at"
        case updatedAt = "updated_at"
        case commentsOpen = "comments_open"
        case bodyFormat = "body_format"
        case kind
    }

    /// The featured image, when the post has one.
    public var featuredImage: FeaturedImage? {
        featuredImageURL.map { FeaturedImage(url: $0, alt: featuredImageAlt ?? "", caption: featuredImageCaption) }
    }
}

/// The language of a post's source body.
public enum BodyFormat: String, Codable, Sendable, DatabaseValueConvertible {
    /// Rendered with Ink.
    case markdown
    /// HTML as WordPress stores it: kept as written, with paragraphs added where it has only
    /// blank lines (see `WordPressHTML`).
    case html
}

/// What a `post` row is: an article of the blog, or a page outside its lists (SPEC §9).
public enum PostKind: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case post, page
}

/// Where a post stands in its life: only `published` posts (and scheduled ones whose time has
/// come) are public.
public enum PostStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case draft, published, scheduled
}

/// An image shown above a post's body, with the text that describes it.
public struct FeaturedImage: Codable, Sendable, Equatable {
    public var url: String
    public var alt: String
    public var caption: String?

    public init(url: String, alt: String, caption: String?) {
        self.url = url
        self.alt = alt
        self.caption = caption
    }

    /// Writes `caption` as null when there is none, so every answer has the same three keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encode(alt, forKey: .alt)
        try container.encode(caption, forKey: .caption)
    }
}

extension Post: FetchableRecord, MutablePersistableRecord {
    /// Read column by column rather than through `Decodable`: every page reads posts, and this
    /// is several times faster.
    public init(row: Row) throws {
        id = row[CodingKeys.id.rawValue]
        slug = row[CodingKeys.slug.rawValue]
        title = row[CodingKeys.title.rawValue]
        excerpt = row[CodingKeys.excerpt.rawValue]
        bodyMarkdown = row[CodingKeys.bodyMarkdown.rawValue]
        bodyHTML = row[CodingKeys.bodyHTML.rawValue]
        bodyText = row[CodingKeys.bodyText.rawValue]
        featuredImageURL = row[CodingKeys.featuredImageURL.rawValue]
        featuredImageAlt = row[CodingKeys.featuredImageAlt.rawValue]
        featuredImageCaption = row[CodingKeys.featuredImageCaption.rawValue]
        authorName = row[CodingKeys.authorName.rawValue]
        status = try row.decode(PostStatus.self, forColumn: CodingKeys.status.rawValue)
        publishedAt = row[CodingKeys.publishedAt.rawValue]
        updatedAt = row[CodingKeys.updatedAt.rawValue]
        commentsOpen = row[CodingKeys.commentsOpen.rawValue]
        bodyFormat = try row.decode(BodyFormat?.self, forColumn: CodingKeys.bodyFormat.rawValue) ?? .markdown
        kind = try row.decode(PostKind?.self, forColumn: CodingKeys.kind.rawValue) ?? .post
    }

    /// Every column of a post but its three bodies, which are read as empty text: for lists and
    /// summaries, which show no body. A post's row is mostly its bodies, in overflow pages that
    /// SQLite then never reads (a full row of an 800-word post costs about 70 times more).
    static let summaryColumnsSQL = """
        post.id, post.slug, post.title, post.status, post.published_at, post.updated_at, post.comments_open,
        post.body_format, post.kind, post.author_name, post.featured_image_url, post.featured_image_alt,
        post.featured_image_caption, post.excerpt, '' AS body_html, '' AS body_markdown, '' AS body_text
        """

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let slug = Column(CodingKeys.slug)
        public static let status = Column(CodingKeys.status)
        public static let publishedAt = Column(CodingKeys.publishedAt)
    }

    public static let postTags = hasMany(PostTag.self)
    public static let tags = hasMany(Tag.self, through: postTags, using: PostTag.tag)

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
