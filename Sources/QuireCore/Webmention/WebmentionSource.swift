import Foundation

/// What the blog reads of a page that mentions it, or that one of its posts links to.
public struct WebmentionSource: Sendable, Equatable {
    /// The page's title, or nil.
    public var title: String?
    /// Who wrote it, from `<meta name="author">`, or nil.
    public var author: String?
    /// Every http(s) URL the page links to or embeds, absolute, fragments removed.
    public var links: Set<String>
    /// For a page that isn't HTML: its text, searched for the target as written.
    var text: String?

    /// Reads a page fetched from `pageURL` (after redirects).
    public init(pageURL: String, body: String, isHTML: Bool) {
        guard isHTML else {
            self.init(title: nil, author: nil, links: [], text: body)
            return
        }
        var links = Set<String>()
        var author: String?
        let tags = HTMLTags.startTags(in: body)
        for tag in tags {
            if tag.name == "meta", tag.attributes["name"]?.lowercased() == "author" {
                author = author ?? tag.attributes["content"].map(HTMLText.collapsingWhitespace)?.nonEmpty
            }
            for attribute in Self.linkAttributes[tag.name] ?? [] {
                if let value = tag.attributes[attribute], let url = Self.absolute(value, against: pageURL) { links.insert(url) }
            }
        }
        self.init(title: HTMLTags.title(among: tags), author: author, links: links, text: nil)
    }

    init(title: String?, author: String?, links: Set<String>, text: String?) {
        self.title = title
        self.author = author
        self.links = links
        self.text = text
    }

    /// Whether the page links to `target` (W3C Webmention §3.2.2: an HTML page by an element's
    /// link, any other by the URL appearing in its text).
    public func mentions(_ target: String) -> Bool {
        if let text { return text.contains(target) }
        return Self.absolute(target, against: target).map(links.contains) ?? false
    }

    /// The pages a post's HTML links to, for sending Webmentions: absolute http(s) `<a href>`s
    /// in order, once each, without the blog's own pages (on `ownHost`, `host` or `host:port`
    /// as `FederationAddresses.host` gives it), at most `limit`.
    public static func outgoingLinks(inPostHTML html: String, pageURL: String, ownHost: String, limit: Int = 100) -> [String] {
        var seen = Set<String>()
        var links: [String] = []
        for tag in HTMLTags.startTags(in: html, named: ["a"]) where links.count < limit {
            guard let href = tag.attributes["href"], let url = absolute(href, against: pageURL),
                authority(of: url) != ownHost.lowercased(), seen.insert(url).inserted
            else { continue }
            links.append(url)
        }
        return links
    }

    /// `host`, or `host:port` when the URL names a port.
    private static func authority(of url: String) -> String? {
        guard let parts = URLComponents(string: url), let host = parts.host?.lowercased() else { return nil }
        return parts.port.map { "\(host):\($0)" } ?? host
    }

    /// The attributes that link or embed, per element.
    private static let linkAttributes: [String: [String]] = [
        "a": ["href"], "area": ["href"], "link": ["href"], "img": ["src"], "audio": ["src"], "video": ["src"],
        "source": ["src"], "iframe": ["src"], "blockquote": ["cite"], "q": ["cite"], "ins": ["cite"], "del": ["cite"],
    ]

    /// `reference` resolved against `base`, without its fragment; nil unless http(s).
    static func absolute(_ reference: String, against base: String) -> String? {
        guard !reference.trimmingCharacters(in: .whitespaces).isEmpty, let resolved = WebmentionDiscovery.resolve(reference, against: base),
            var parts = URLComponents(string: resolved)
        else { return nil }
        parts.fragment = nil
        return parts.string
    }
}
