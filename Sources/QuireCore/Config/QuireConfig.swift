import Foundation

/// Everything a Quire site is configured with: `Config/quire.json`, then the environment.
///
/// Every key has a default, so an empty JSON object is a complete config.
public struct QuireConfig: Sendable, Equatable {
    public var site = Site()
    public var server = Server()
    public var database = Database()
    public var postsPerPage = 10
    public var relatedPosts = 3
    public var comments = Comments()
    public var supportBlockMarkdown = ""
    /// The links in the header of every page, in order.
    public var navigation: [NavigationLink] = []
    public var secret = ""
    /// A theme folder whose `templates/` and `static/` files replace the built-in ones, file by
    /// file; empty for the built-in theme alone.
    public var theme = ""
    public var admin = Admin()
    public var media = Media()
    public var federation = Federation()
    public var log = Log()

    public init() {}

    /// What the server writes to standard error (docs/operations.md).
    public struct Log: Sendable, Equatable {
        public var format = LogFormat.text
        public init() {}
    }

    /// How each log line is written: for people to read, or one JSON object a line.
    public enum LogFormat: String, Sendable, Equatable, CaseIterable {
        case text, json
    }

    /// Following the blog from the fediverse (SPEC §10, docs/federation.md).
    public struct Federation: Sendable, Equatable {
        /// Off until the owner turns it on in the admin's settings (or the file says so).
        public var enabled = false
        /// The name before the @ in `@HANDLE@HOST`.
        public var handle = "blog"
        /// Lets outbound requests reach loopback, private and link-local addresses; for tests
        /// and closed networks only.
        public var allowPrivateAddresses = false
        public init() {}
    }

    /// Uploaded images (SPEC §9, docs/media.md).
    public struct Media: Sendable, Equatable {
        public var maxUploadMB = 20
        public var maxPixels = 50_000_000
        /// The widths made of each image, besides its full size.
        public var widths = [480, 960, 1440, 1920]
        /// How many images are processed at once; more uploads wait their turn.
        public var concurrentProcessing = 2
        public init() {}

        public var rules: MediaRules {
            MediaRules(maxBytes: maxUploadMB * 1_048_576, maxPixels: maxPixels, widths: widths)
        }
    }

    public struct Site: Sendable, Equatable {
        public var title = "Quire"
        public var tagline = "A blog"
        public var baseURL = "http://127.0.0.1:8080"
        public var language = "en"
        public var author = "Quire"
        /// The IANA time zone the admin shows and takes dates in.
        public var timezone = "UTC"
        public init() {}
    }

    /// One link of the header's navigation: a path on this site and its label.
    public struct NavigationLink: Sendable, Equatable {
        public var label: String
        public var path: String

        public init(label: String, path: String) {
            self.label = label
            self.path = path
        }
    }

    public struct Admin: Sendable, Equatable {
        /// bcrypt's cost (log2 of its rounds) for new passwords; tests lower it.
        public var passwordCost = 12
        public init() {}
    }

    public struct Server: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// The memory kept for rendered answers (docs/freshness.md); 0 keeps none.
        public var pageCacheMiB = 16
        /// The port of `GET /metrics` (Prometheus); 0 serves no metrics.
        public var metricsPort = 0
        /// The address the metrics listen on: loopback, whatever `host` is, unless the owner
        /// opens it to a Prometheus elsewhere.
        public var metricsHost = "127.0.0.1"
        public init() {}
    }

    public struct Database: Sendable, Equatable {
        /// The SQLite file, when `url` names no PostgreSQL database.
        public var path = "data/quire.sqlite"
        /// A PostgreSQL database (`postgres://USER:PASS@HOST:PORT/DB`) that serves the blog instead
        /// of the SQLite file; nil for SQLite.
        public var url: PostgresAddress?
        /// The most connections one process opens to PostgreSQL.
        public var maxConnections = 10
        /// How long a request waits for PostgreSQL before it is answered 503.
        public var timeoutSeconds = 5
        public init() {}
    }

    public struct Comments: Sendable, Equatable {
        public var moderation = Moderation.holdFirstTime
        public var maxLinks = 2
        public var blocklist: [String] = []
        public var maxCommentLength = 10_000
        public var commentRateLimit = 5
        public var closeCommentsAfterDays = 0
        public var threadDepth = 5
        public init() {}
    }

    /// How new comments are moderated (docs/comments.md, "Moderation").
    public enum Moderation: String, Sendable, Equatable, CaseIterable {
        case open
        case holdAll = "hold_all"
        case holdFirstTime = "hold_first_time"
    }
}

extension QuireConfig.Comments {
    /// How long after it is published a post takes comments; nil when `close_comments_after_days`
    /// is 0 and comments never close by age.
    public var openFor: TimeInterval? {
        closeCommentsAfterDays > 0 ? Double(closeCommentsAfterDays) * 86_400 : nil
    }
}

extension QuireConfig.Site {
    /// `base_url` without a trailing slash, ready to have an absolute path appended.
    public var baseURLPrefix: String {
        baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The absolute URL of a path on this site.
    public func absoluteURL(_ path: String) -> String {
        baseURLPrefix + path
    }
}

extension QuireConfig.Federation {
    /// A handle others can type after an @: ASCII letters, digits, `_`, `.` and `-`, 1 to 64 of
    /// them, the first a letter or digit (Mastodon takes these).
    static func isHandle(_ text: String) -> Bool {
        guard let first = text.first, (1...64).contains(text.count), first.isASCII, first.isLetter || first.isNumber else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }
}
