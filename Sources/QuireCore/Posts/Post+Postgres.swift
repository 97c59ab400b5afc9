import Foundation
import PostgresNIO

/// Posts, tags and revisions read from PostgreSQL rows, and the columns those rows hold.
extension Post {
    /// Every column of a post, in the order `init(_:)` reads them; with `bodies: false`, the
    /// three bodies are read as empty text (see `summaryColumnsSQL`).
    static func postgresColumns(bodies: Bool) -> String {
        """
        post.id, post.slug, post.title, post.status, post.published_at, post.updated_at, post.comments_open,
        post.body_format, post.kind, post.author_name, post.featured_image_url, post.featured_image_alt,
        post.featured_image_caption, post.excerpt, \(bodies ? "post.body_html, post.body_markdown, post.body_text" : "'', '', ''")
        """
    }

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        self.init(
            id: try cells[0].decode(Int64.self), slug: try cells[1].decode(String.self), title: try cells[2].decode(String.self),
            excerpt: try cells[13].decode(String.self), bodyMarkdown: try cells[15].decode(String.self),
            bodyHTML: try cells[14].decode(String.self), bodyText: try cells[16].decode(String.self),
            featuredImageURL: try cells[10].decode(String?.self), featuredImageAlt: try cells[11].decode(String?.self),
            featuredImageCaption: try cells[12].decode(String?.self), authorName: try cells[9].decode(String.self),
            status: PostStatus(rawValue: try cells[3].decode(String.self)) ?? .draft, publishedAt: try cells[4].decode(Date?.self),
            updatedAt: try cells[5].decode(Date.self), commentsOpen: try cells[6].decode(Bool.self),
            bodyFormat: BodyFormat(rawValue: try cells[7].decode(String.self)) ?? .markdown,
            kind: PostKind(rawValue: try cells[8].decode(String.self)) ?? .post
        )
    }
}

extension Tag {
    /// A tag from a row of `id, name, slug`.
    init(_ row: PostgresRow) throws {
        let (id, name, slug) = try row.decode((Int64, String, String).self)
        self.init(id: id, name: name, slug: slug)
    }
}

extension PostRevision {
    static let postgresColumns = """
        id, post_id, version, saved_at, saved_by, title, slug, excerpt, body_markdown, body_format, tags,
        featured_image_url, featured_image_alt, featured_image_caption, comments_open, status, published_at
        """

    init(_ row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        self.init(
            id: try cells[0].decode(Int64.self), postID: try cells[1].decode(Int64.self), version: try cells[2].decode(Int.self),
            savedAt: try cells[3].decode(Date.self), savedBy: try cells[4].decode(Int64?.self), title: try cells[5].decode(String.self),
            slug: try cells[6].decode(String.self), excerpt: try cells[7].decode(String.self), bodyMarkdown: try cells[8].decode(String.self),
            bodyFormat: BodyFormat(rawValue: try cells[9].decode(String.self)) ?? .markdown, tags: try cells[10].decode(String.self),
            featuredImageURL: try cells[11].decode(String?.self), featuredImageAlt: try cells[12].decode(String?.self),
            featuredImageCaption: try cells[13].decode(String?.self), commentsOpen: try cells[14].decode(Bool.self),
            status: PostStatus(rawValue: try cells[15].decode(String.self)) ?? .draft, publishedAt: try cells[16].decode(Date?.self)
        )
    }
}
