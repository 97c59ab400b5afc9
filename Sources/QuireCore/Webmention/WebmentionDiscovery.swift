import Foundation

/// Finds a page's Webmention endpoint as the W3C Recommendation says (§3.1.2): the first `Link`
/// field link whose `rel` has the token `webmention`; failing that, for an HTML page, the first
/// `<link>` or `<a>` element, in document order, with that token and an `href` (an empty one
/// names the page itself). Relative URLs are resolved against the page's URL after redirects;
/// the query is kept as it is.
public enum WebmentionDiscovery {
    /// The endpoint of the page fetched from `pageURL` (after redirects), with its `Link` field
    /// values in order and its body, read as HTML when `isHTML`; nil when it advertises none.
    public static func endpoint(pageURL: String, linkFields: [String], body: String, isHTML: Bool) -> String? {
        for field in linkFields {
            if let link = LinkHeader.links(in: field).first(where: { $0.relations.contains("webmention") }) {
                return resolve(link.target, against: pageURL)
            }
        }
        guard isHTML else { return nil }
        for tag in HTMLTags.startTags(in: body, named: ["link", "a"]) {
            guard let href = tag.attributes["href"], tag.relTokens.contains("webmention") else { continue }
            return resolve(href, against: pageURL)
        }
        return nil
    }

    /// `reference` made absolute against `base`; only http and https are taken.
    static func resolve(_ reference: String, against base: String) -> String? {
        let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        let resolved = reference.isEmpty ? URL(string: base) : URL(string: reference, relativeTo: URL(string: base))?.absoluteURL
        guard let resolved, let scheme = resolved.scheme?.lowercased(), scheme == "http" || scheme == "https", resolved.host != nil else { return nil }
        return resolved.absoluteString
    }
}
