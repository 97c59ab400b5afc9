import Foundation

/// NodeInfo 2.1 (nodeinfo.diaspora.software): what software the server runs and how much it
/// holds, which fediverse directories and Mastodon's server pages read.
public enum NodeInfo {
    public static let schema = "http://nodeinfo.diaspora.software/ns/schema/2.1"
    public static let mediaType = "application/json; profile=\"\(schema)#\""
    /// The version this build of Quire reports.
    public static let softwareVersion = "0.16.0"

    /// `/.well-known/nodeinfo`: where the document is.
    public struct Links: Encodable, Sendable {
        public var links: [[String: String]]

        public init(base: String) {
            links = [["rel": schema, "href": base + "/nodeinfo/2.1"]]
        }
    }

    /// `/nodeinfo/2.1`.
    public struct Document: Encodable, Sendable {
        var version = "2.1"
        var software = Software()
        var protocols = ["activitypub"]
        var services = Services()
        var openRegistrations = false
        var usage: Usage
        var metadata: [String: String]

        struct Software: Encodable {
            var name = "quire"
            var version = NodeInfo.softwareVersion
        }

        struct Services: Encodable {
            var inbound: [String] = []
            var outbound = ["atom1.0", "rss2.0"]
        }

        struct Usage: Encodable {
            var users: [String: Int]
            var localPosts: Int
        }

        /// `users` counts the blog's accounts that write (the admin's users); each is counted as
        /// active, since the blog doesn't record when they last wrote.
        public init(siteTitle: String, users: Int, posts: Int) {
            usage = Usage(users: ["total": users, "activeMonth": users, "activeHalfyear": users], localPosts: posts)
            metadata = ["nodeName": siteTitle]
        }
    }
}
