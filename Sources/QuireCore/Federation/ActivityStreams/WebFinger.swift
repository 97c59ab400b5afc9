import Foundation

/// WebFinger (RFC 7033) for the blog's one account: how `@HANDLE@HOST` typed into Mastodon's
/// search finds the actor.
public enum WebFinger {
    public static let mediaType = "application/jrd+json"

    /// What a `resource` query names.
    public enum Lookup: Equatable, Sendable {
        /// The blog's account or actor.
        case blog
        /// Some other account or URL, or one on another host: 404.
        case unknown
        /// Not a resource at all (missing, empty, no scheme): 400.
        case unreadable
    }

    /// Whether `resource` names the blog: `acct:HANDLE@HOST` (the handle without regard to
    /// case, HOST as `base_url` gives it, so a proxy's Host field doesn't matter), the same
    /// with a leading `@` or without `acct:` as some clients send it, or the actor's or the
    /// site's URL.
    public static func lookup(_ resource: String?, addresses: FederationAddresses) -> Lookup {
        guard let resource = resource?.trimmingCharacters(in: .whitespaces), !resource.isEmpty, resource.count <= 1_000 else { return .unreadable }
        if resource.hasPrefix("http://") || resource.hasPrefix("https://") {
            let url = resource.hasSuffix("/") ? String(resource.dropLast()) : resource
            return url == addresses.actor || url == addresses.base ? .blog : .unknown
        }
        var account = Substring(resource)
        let isAccount = account.lowercased().hasPrefix("acct:")
        if isAccount {
            account = account.dropFirst(5)
        } else if account.contains(":") && !account.contains("@") {
            return .unknown  // a URI of some other scheme
        }
        if account.hasPrefix("@") { account = account.dropFirst() }
        guard let at = account.lastIndex(of: "@") else { return .unreadable }
        let handle = account[..<at], host = account[account.index(after: at)...]
        guard !handle.isEmpty, !host.isEmpty else { return .unreadable }
        return handle.lowercased() == addresses.handle.lowercased() && host.lowercased() == addresses.host ? .blog : .unknown
    }

    /// The JRD document for the blog's account.
    public struct Document: Encodable, Sendable {
        public var subject: String
        public var aliases: [String]
        public var links: [Link]

        public struct Link: Encodable, Sendable {
            public var rel: String
            public var type: String?
            public var href: String?
            public var template: String?
        }

        public init(addresses: FederationAddresses) {
            subject = addresses.account
            aliases = [addresses.actor, addresses.base + "/"]
            links = [
                Link(rel: "self", type: ActivityStreams.mediaType, href: addresses.actor),
                Link(rel: "http://webfinger.net/rel/profile-page", type: "text/html", href: addresses.base + "/"),
            ]
        }
    }
}
