import Foundation
import GRDB

/// A row of `post_revision`: a post as one save left it, kept so the owner can look back and
/// restore it.
public struct PostRevision: Codable, Sendable, Equatable, Identifiable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "post_revision"

    public var id: Int64?
    public var postID: Int64
    /// The post's version that this save made.
    public var version: Int
    public var savedAt: Date
    /// The user who saved it; nil for the API, the CLI, or a user since removed.
    public var savedBy: Int64?
    public var title: String
    public var slug: String
    public var excerpt: String
    public var bodyMarkdown: String
    public var bodyFormat: BodyFormat
    /// Tag names, one per line.
    public var tags: String
    public var featuredImageURL: String?
    public var featuredImageAlt: String?
    public var featuredImageCaption: String?
    public var commentsOpen: Bool
    public var status: PostStatus
    public var publishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, version, title, slug, excerpt, tags, status
        case postID = "post_id"
        case savedAt = "saved_at"
        case savedBy = "saved_by"
        case bodyMarkdown = "body_markdown"
        case bodyFormat = "body_format"
        case featuredImageURL = "featured_image_url"
        case featuredImageAlt = "featured_image_alt"
        case featuredImageCaption = "featured_image_caption"
        case commentsOpen = "comments_open"
        case publishedAt = "published_at"
    }

    init(of saved: PostWithTags, version: Int, savedBy: Int64?, now: Date) {
        let post = saved.post
        self.init(
            id: nil, postID: post.id ?? 0, version: version, savedAt: now, savedBy: savedBy,
            title: post.title, slug: post.slug, excerpt: post.excerpt, bodyMarkdown: post.bodyMarkdown,
            bodyFormat: post.bodyFormat, tags: saved.tags.map(\.name).joined(separator: "\n"),
            featuredImageURL: post.featuredImageURL, featuredImageAlt: post.featuredImageAlt,
            featuredImageCaption: post.featuredImageCaption, commentsOpen: post.commentsOpen,
            status: post.status, publishedAt: post.publishedAt
        )
    }

    public init(
        id: Int64?, postID: Int64, version: Int, savedAt: Date, savedBy: Int64?, title: String, slug: String,
        excerpt: String, bodyMarkdown: String, bodyFormat: BodyFormat, tags: String, featuredImageURL: String?,
        featuredImageAlt: String?, featuredImageCaption: String?, commentsOpen: Bool, status: PostStatus, publishedAt: Date?
    ) {
        self.id = id
        self.postID = postID
        self.version = version
        self.savedAt = savedAt
        self.savedBy = savedBy
        self.title = title
        self.slug = slug
        self.excerpt = excerpt
        self.bodyMarkdown = bodyMarkdown
        self.bodyFormat = bodyFormat
        self.tags = tags
        self.featuredImageURL = featuredImageURL
        self.featuredImageAlt = featuredImageAlt
        self.featuredImageCaption = featuredImageCaption
        self.commentsOpen = commentsOpen
        self.status = status
        self.publishedAt = publishedAt
    }

    public var tagNames: [String] {
        tags.split(separator: "\n").map(String.init)
    }

    /// The draft that saves this revision's words again over the post `current`, which keeps
    /// its address, status and date (as WordPress restores a revision).
    public func draftRestoring(over current: Post) -> PostDraft {
        PostDraft(
            title: title, slug: current.slug, bodyMarkdown: bodyMarkdown, bodyFormat: bodyFormat, excerpt: excerpt,
            tags: tagNames, status: current.status, publishedAt: current.publishedAt,
            featuredImage: featuredImageURL.map { FeaturedImage(url: $0, alt: featuredImageAlt ?? "", caption: featuredImageCaption) },
            commentsOpen: commentsOpen, authorName: current.authorName
        )
    }
}

/// A post as the admin edits it: with its version, which a save must name, and its owner.
public struct EditablePost: Sendable, Equatable {
    public var entry: PostWithTags
    public var version: Int
    public var ownerID: Int64?

    public var post: Post { entry.post }
}
