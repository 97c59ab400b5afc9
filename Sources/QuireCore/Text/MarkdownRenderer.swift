import Foundation
import Ink

/// Turns an author's Markdown into the HTML and plain text stored with a post.
public struct MarkdownRenderer: Sendable {
    /// The longest excerpt derived from a body, in characters (docs/data-model.md, "Posts").
    public static let excerptLimit = 300

    public init() {}

    /// The rendered forms of one Markdown body.
    public struct Rendered: Sendable, Equatable {
        public var html: String
        /// The whole body as plain text, for search.
        public var text: String
        /// The first paragraph as plain text, at most `excerptLimit` characters.
        public var excerpt: String
    }

    public func render(_ markdown: String) -> Rendered {
        let html = MarkdownParser().html(from: InkGuard.guarded(markdown))
        return Rendered(html: html, text: HTMLText.plainText(fromHTML: html), excerpt: excerpt(fromHTML: html))
    }

    /// The plain text of the first non-empty paragraph, or of the whole body when it has none.
    public func excerpt(fromHTML html: String) -> String {
        var rest = Substring(html)
        while let open = rest.range(of: "<p>") {
            guard let close = rest[open.upperBound...].range(of: "</p>") else { break }
            let paragraph = HTMLText.plainText(fromHTML: String(rest[open.upperBound..<close.lowerBound]))
            if !paragraph.isEmpty {
                return HTMLText.truncate(paragraph, limit: Self.excerptLimit)
            }
            rest = rest[close.upperBound...]
        }
        return HTMLText.truncate(HTMLText.plainText(fromHTML: html), limit: Self.excerptLimit)
    }
}
