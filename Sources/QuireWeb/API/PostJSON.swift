import Foundation
import QuireCore

/// A post in the JSON API: a PostSummary, or a Post with its body (docs/api.md).
struct PostJSON: Encodable, Sendable {
    /// `{"post": Post}`, the answer about one post.
    struct Body: Encodable, Sendable {
        var post: PostJSON
    }

    /// How much of the post an answer carries.
    enum Detail: Sendable {
        case summary
        case full
        /// A full post for an author with a token: adds `body_markdown` and `status`.
        case author
    }

    var entry: PostWithTags
    var detail: Detail
    var baseURL: String
    var commentCount: Int
    var now: Date
    /// A related post's score, written only in related lists.
    var score: Double?

    enum CodingKeys: String, CodingKey {
        case id, slug, title, excerpt, url, tags, author, status
        case publishedAt = "published_at"
        case updatedAt = "updated_at"
        case featuredImage = "featured_image"
        case commentCount = "comment_count"
        case bodyHTML = "body_html"
        case commentsOpen = "comments_open"
        case bodyMarkdown = "body_markdown"
        case score
    }

    /// The post as `detail` shows it, its comment count taken from `counts`.
    init(_ entry: PostWithTags, _ detail: Detail, baseURL: String, counts: [Int64: Int], now: Date) {
        self.entry = entry
        self.detail = detail
        self.baseURL = baseURL
        self.commentCount = entry.post.id.flatMap { counts[$0] } ?? 0
        self.now = now
    }

    private struct Author: Encodable {
        var name: String
    }

    func encode(to encoder: any Encoder) throws {
        let post = entry.post
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(post.id, forKey: .id)
        try container.encode(post.slug, forKey: .slug)
        try container.encode(post.title, forKey: .title)
        try container.encode(post.excerpt, forKey: .excerpt)
        try container.encode(baseURL + "/posts/" + post.slug, forKey: .url)
        try container.encode(post.publishedAt.map(RFC3339.string), forKey: .publishedAt)
        try container.encode(RFC3339.string(post.updatedAt), forKey: .updatedAt)
        try container.encode(entry.tags.map(\.name), forKey: .tags)
        try container.encode(post.featuredImage, forKey: .featuredImage)
        try container.encode(Author(name: post.authorName), forKey: .author)
        try container.encode(commentCount, forKey: .commentCount)
        try container.encodeIfPresent(score, forKey: .score)
        guard detail != .summary else { return }
        try container.encode(post.bodyHTML, forKey: .bodyHTML)
        try container.encode(post.commentsOpen, forKey: .commentsOpen)
        guard detail == .author else { return }
        try container.encode(post.bodyMarkdown, forKey: .bodyMarkdown)
        try container.encode(post.status(at: now), forKey: .status)
    }
}
