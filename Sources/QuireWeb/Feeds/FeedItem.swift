import Foundation
import QuireCore

/// A post as every feed format writes it: absolute links, a stable id, full HTML content.
struct FeedItem: Sendable {
    /// Never changes when the post is edited or its slug changes: WordPress's `?p=ID` form.
    var id: String
    var url: String
    var title: String
    var summary: String
    /// The body with root-relative links made absolute, so feed readers can follow them.
    var contentHTML: String
    var published: Date
    var updated: Date
    var author: String
    var tags: [String]
    var imageURL: String?

    init(_ entry: PostWithTags, site: QuireConfig.Site) {
        let post = entry.post
        id = site.absoluteURL("/?p=\(post.id ?? 0)")
        url = site.absoluteURL("/posts/\(post.slug)")
        title = post.title
        summary = post.excerpt
        contentHTML = Self.absolutized(post.bodyHTML, base: site.baseURLPrefix)
        published = post.publishedAt ?? post.updatedAt
        updated = max(post.updatedAt, published)
        author = post.authorName
        tags = entry.tags.map(\.name)
        imageURL = post.featuredImage.map { $0.url.hasPrefix("/") ? site.absoluteURL($0.url) : $0.url }
    }

    static func absolutized(_ html: String, base: String) -> String {
        html.replacingOccurrences(of: "href=\"/(?!/)", with: "href=\"\(base)/", options: .regularExpression)
            .replacingOccurrences(of: "src=\"/(?!/)", with: "src=\"\(base)/", options: .regularExpression)
    }
}

/// What a feed is about: the whole site, or one tag.
struct FeedChannel: Sendable {
    var title: String
    var description: String
    /// The HTML page the feed mirrors.
    var pageURL: String
    /// The feed's own URL.
    var feedURL: String
    var language: String
    var author: String
    var items: [FeedItem]

    var updated: Date { items.map(\.updated).max() ?? Date(timeIntervalSince1970: 0) }
}
