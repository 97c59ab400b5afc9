import Foundation

/// A post as an ActivityStreams `Article`: what followers' servers receive and what the post's
/// URL answers when asked for `application/activity+json`. The whole post travels (title,
/// excerpt as summary, full HTML), so readers on Mastodon see it rather than a bare link.
public struct ArticleDocument: Encodable, Sendable {
    public var entry: PostWithTags
    public var addresses: FederationAddresses
    /// Written at the top level only; an article inside an activity leaves it to the activity.
    public var includesContext = true
    /// The id it was first sent under, when the post's slug has changed since.
    public var keptID: String?

    public init(_ entry: PostWithTags, addresses: FederationAddresses, keptID: String? = nil) {
        self.entry = entry
        self.addresses = addresses
        self.keptID = keptID
    }

    public var id: String { keptID ?? addresses.post(slug: entry.post.slug) }

    private enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, attributedTo, name, summary, content, mediaType, url, published, updated, to, cc, tag, attachment, sensitive
    }

    private struct Hashtag: Encodable {
        var type = "Hashtag"
        var href: String
        var name: String
    }

    private struct Image: Encodable {
        var type = "Image"
        var mediaType: String?
        var url: String
        var name: String
    }

    public func encode(to encoder: any Encoder) throws {
        let post = entry.post
        var container = encoder.container(keyedBy: CodingKeys.self)
        if includesContext { try container.encode(ActivityStreams.context, forKey: .context) }
        try container.encode(id, forKey: .id)
        try container.encode("Article", forKey: .type)
        try container.encode(addresses.actor, forKey: .attributedTo)
        try container.encode(post.title, forKey: .name)
        try container.encode(post.excerpt, forKey: .summary)
        try container.encode(Self.absoluteLinks(in: post.bodyHTML, base: addresses.base), forKey: .content)
        try container.encode("text/html", forKey: .mediaType)
        try container.encode(addresses.post(slug: post.slug), forKey: .url)
        try container.encodeIfPresent(post.publishedAt.map(RFC3339.string), forKey: .published)
        try container.encode(RFC3339.string(post.updatedAt), forKey: .updated)
        try container.encode([ActivityStreams.publicCollection], forKey: .to)
        try container.encode([addresses.followers], forKey: .cc)
        try container.encode(entry.tags.map { Hashtag(href: addresses.tag(slug: $0.slug), name: "#" + $0.name.filter { !$0.isWhitespace }) }, forKey: .tag)
        let images = post.featuredImage.map { [Image(mediaType: Self.imageType(of: $0.url), url: addresses.absolute($0.url), name: $0.alt)] } ?? []
        try container.encode(images, forKey: .attachment)
        try container.encode(false, forKey: .sensitive)
    }

    /// The post's HTML with every `src="/…"` and `href="/…"` made absolute: on another server a
    /// path means nothing.
    static func absoluteLinks(in html: String, base: String) -> String {
        var result = html
        for attribute in ["src=\"/", "href=\"/", "srcset=\"/"] {
            result = result.replacingOccurrences(of: attribute, with: String(attribute.dropLast()) + base + "/")
        }
        // A protocol-relative `//host/…` had its own host: undo what the line above did to it.
        return result.replacingOccurrences(of: "=\"" + base + "//", with: "=\"//")
    }

    /// The image type its file name says, when it says one.
    static func imageType(of url: String) -> String? {
        let name = url.split(separator: "?").first.map(String.init) ?? url
        switch (name as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "webp": return "image/webp"
        case "gif": return "image/gif"
        case "avif": return "image/avif"
        default: return nil
        }
    }
}
