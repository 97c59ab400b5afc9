import Foundation

/// What Quire reads from the items of a WordPress export (WXR, an RSS file with `wp:` elements):
/// posts, pages and attachments, with their comments. `WXRReader` reads the file.
enum WXRExport {
    struct Item: Sendable {
        var id: Int64
        var type: String
        var status: String
        var title: String
        var slug: String
        /// The permalink WordPress gave it (`<link>`), whatever the blog's permalink structure.
        var link: String
        var content: String
        var excerpt: String
        var creator: String
        /// `post_date_gmt`, or `post_date` read as UTC when WordPress left the former empty.
        var date: Date?
        var commentsOpen: Bool
        /// (domain, name): `category` or `post_tag`.
        var terms: [(domain: String, nicename: String, name: String)]
        var meta: [String: String]
        var attachmentURL: String
        var comments: [Comment]

        /// Whether it is written content Quire imports (a post or a page), not an attachment,
        /// a menu item or another type.
        var isPostOrPage: Bool { type == "post" || type == "page" }
    }

    struct Comment: Sendable {
        var id: Int64
        var parentID: Int64
        var author: String
        var email: String
        var url: String
        var date: Date?
        var content: String
        /// `1`, `0`, `spam`, `trash` (or `post-trashed`).
        var approved: String
        /// Empty or `comment` for comments; `pingback`, `trackback` and others are not comments.
        var type: String
    }

    /// An `<item>` as Quire reads it.
    static func item(_ element: WXRElement) throws(WordPressImportError) -> Item {
        guard let id = Int64(element.value("wp:post_id")) else {
            throw .notWXR("an <item> has no numeric <wp:post_id>")
        }
        var meta: [String: String] = [:]
        for entry in element.children("wp:postmeta") {
            meta[entry.value("wp:meta_key")] = entry.value("wp:meta_value")
        }
        return Item(
            id: id,
            type: element.value("wp:post_type"),
            status: element.value("wp:status"),
            title: element.value("title"),
            slug: element.value("wp:post_name"),
            link: element.value("link"),
            content: element.child("content:encoded")?.text ?? "",
            excerpt: element.value("excerpt:encoded"),
            creator: element.value("dc:creator"),
            date: date(element.value("wp:post_date_gmt")) ?? date(element.value("wp:post_date")),
            commentsOpen: element.value("wp:comment_status") != "closed",
            terms: element.children("category").map { term in
                (term.attributes["domain"] ?? "", term.attributes["nicename"] ?? "", term.text.trimmingCharacters(in: .whitespacesAndNewlines))
            },
            meta: meta,
            attachmentURL: element.value("wp:attachment_url"),
            comments: element.children("wp:comment").compactMap(comment)
        )
    }

    private static func comment(_ element: WXRElement) -> Comment? {
        guard let id = Int64(element.value("wp:comment_id")) else { return nil }
        return Comment(
            id: id,
            parentID: Int64(element.value("wp:comment_parent")) ?? 0,
            author: element.value("wp:comment_author"),
            email: element.value("wp:comment_author_email"),
            url: element.value("wp:comment_author_url"),
            date: date(element.value("wp:comment_date_gmt")) ?? date(element.value("wp:comment_date")),
            content: element.child("wp:comment_content")?.text ?? "",
            approved: element.value("wp:comment_approved"),
            type: element.value("wp:comment_type")
        )
    }

    /// WordPress's `YYYY-MM-DD HH:MM:SS`, as UTC; nil for its empty `0000-00-00 00:00:00`.
    static func date(_ text: String) -> Date? {
        guard !text.isEmpty, !text.hasPrefix("0000") else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6 else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
        return calendar.date(from: components)
    }
}
