import Foundation
import QuireCore

/// A page in the JSON API (docs/api.md, "Pages"): `id`, `slug`, `title`, `url`, `body_html`,
/// `updated_at`; for an author with a token also `body_markdown` and `status`.
struct PageJSON: Encodable, Sendable {
    var id: Int64?
    var slug: String
    var title: String
    var url: String
    var bodyHTML: String
    var updatedAt: String
    var bodyMarkdown: String?
    var status: PostStatus?

    enum CodingKeys: String, CodingKey {
        case id, slug, title, url, status
        case bodyHTML = "body_html"
        case updatedAt = "updated_at"
        case bodyMarkdown = "body_markdown"
    }

    init(_ page: Post, forAuthor: Bool, baseURL: String, now: Date) {
        id = page.id
        slug = page.slug
        title = page.title
        url = baseURL + page.publicPath
        bodyHTML = page.bodyHTML
        updatedAt = RFC3339.string(page.updatedAt)
        bodyMarkdown = forAuthor ? page.bodyMarkdown : nil
        status = forAuthor ? page.status(at: now) : nil
    }

    struct Body: Encodable, Sendable {
        var page: PageJSON
    }

    struct List: Encodable, Sendable {
        var pages: [PageJSON]
    }
}
