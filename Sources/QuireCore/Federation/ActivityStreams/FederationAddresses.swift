import Foundation

/// Every address the blog's ActivityPub actor is known by, made from `base_url` and the handle
/// (SPEC §10), so no other file spells one.
public struct FederationAddresses: Sendable, Equatable {
    /// `base_url` without a trailing slash.
    public let base: String
    public let handle: String

    public init(site: QuireConfig.Site, federation: QuireConfig.Federation) {
        base = site.baseURLPrefix
        handle = federation.handle
    }

    public var actor: String { base + "/activitypub/actor" }
    public var inbox: String { base + "/activitypub/inbox" }
    public var outbox: String { base + "/activitypub/outbox" }
    public var followers: String { base + "/activitypub/followers" }
    public var following: String { base + "/activitypub/following" }
    /// The one actor's inbox serves as the shared inbox too.
    public var sharedInbox: String { inbox }
    public var publicKeyID: String { actor + "#main-key" }

    /// The host of `base_url`, with its port when it isn't the scheme's default: the HOST of
    /// `@HANDLE@HOST`, whatever Host header a proxy in front sends.
    public var host: String {
        guard let components = URLComponents(string: base), let host = components.host?.lowercased() else { return "" }
        guard let port = components.port, port != (components.scheme?.lowercased() == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    /// `acct:HANDLE@HOST`.
    public var account: String { "acct:\(handle)@\(host)" }

    public func post(slug: String) -> String { base + "/posts/" + slug }
    public func tag(slug: String) -> String { base + "/tags/" + slug }
    /// The post's slug and the comment answered, for a URL of this blog's.
    public func place(of url: String) -> (slug: String, parentID: Int64?)? {
        let prefix = base + "/posts/"
        guard url.hasPrefix(prefix) else { return nil }
        let rest = url.dropFirst(prefix.count)
        let slug = String(rest.prefix { $0 != "#" && $0 != "?" && $0 != "/" })
        guard !slug.isEmpty else { return nil }
        let fragment = rest.firstIndex(of: "#").map { rest[rest.index(after: $0)...] }
        let parent = fragment.flatMap { $0.hasPrefix("comment-") ? Int64($0.dropFirst("comment-".count)) : nil }
        return (slug, parent)
    }

    /// An absolute URL for a path on this site; absolute URLs are kept.
    public func absolute(_ url: String) -> String {
        url.hasPrefix("/") && !url.hasPrefix("//") ? base + url : url
    }
}

/// The words of ActivityStreams that every document repeats.
public enum ActivityStreams {
    public static let context = "https://www.w3.org/ns/activitystreams"
    public static let securityContext = "https://w3id.org/security/v1"
    /// Addressed to this, an activity is public.
    public static let publicCollection = "https://www.w3.org/ns/activitystreams#Public"
    public static let mediaType = "application/activity+json"

    /// An activity as it is queued and sent: compact JSON, keys sorted, slashes unescaped.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Whether an `Accept` field asks for an ActivityStreams document rather than a page:
    /// `application/activity+json`, or `application/ld+json` with the ActivityStreams profile (or
    /// none), named before any HTML type or with a higher q-value.
    public static func isWanted(byAccept accept: String?) -> Bool {
        guard let accept else { return false }
        var best: (activity: Double, html: Double) = (0, 0)
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = parts.first?.lowercased() else { continue }
            let parameters = parts.dropFirst()
            let quality = parameters.first { $0.lowercased().hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let profile = parameters.first { $0.lowercased().hasPrefix("profile=") }.map { $0.dropFirst(8).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            switch type {
            case "application/activity+json":
                best.activity = max(best.activity, quality)
            case "application/ld+json" where profile == nil || profile!.split(separator: " ").contains(where: { $0 == context }):
                best.activity = max(best.activity, quality)
            case "text/html", "application/xhtml+xml", "*/*", "text/*":
                best.html = max(best.html, type == "text/html" ? quality : quality - 0.001)
            default:
                continue
            }
        }
        return best.activity > 0 && best.activity >= best.html
    }
}
