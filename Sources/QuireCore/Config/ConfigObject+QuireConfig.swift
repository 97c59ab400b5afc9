import Foundation

extension ConfigObject {
    /// Reads the whole config from the top-level object, defaults filling every missing key.
    func quireConfig() throws -> QuireConfig {
        try rejectUnknownKeys([
            "site", "server", "database", "posts_per_page", "related_posts", "comments",
            "support_block_markdown", "navigation", "secret", "theme", "admin", "media", "federation", "log",
        ])
        var config = QuireConfig()
        if let site = try object("site") { config.site = try site.site() }
        if let server = try object("server") { config.server = try server.server() }
        if let database = try object("database") {
            try database.rejectUnknownKeys(["path", "url", "max_connections", "timeout_seconds"])
            if let path = try database.string("path") {
                guard !path.isEmpty else { throw database.error("path", "must not be empty") }
                config.database.path = path
            }
            if let url = try database.string("url"), !url.isEmpty {
                do {
                    config.database.url = try PostgresAddress(url: url)
                } catch {
                    throw database.error("url", error.description)
                }
            }
            config.database.maxConnections = try database.int("max_connections", in: 3...1000) ?? config.database.maxConnections
            config.database.timeoutSeconds = try database.int("timeout_seconds", in: 1...600) ?? config.database.timeoutSeconds
        }
        config.postsPerPage = try int("posts_per_page", in: 1...100) ?? config.postsPerPage
        config.relatedPosts = try int("related_posts", in: 0...20) ?? config.relatedPosts
        if let comments = try object("comments") { config.comments = try comments.comments() }
        config.supportBlockMarkdown = try string("support_block_markdown") ?? config.supportBlockMarkdown
        config.navigation = try navigation() ?? config.navigation
        config.secret = try string("secret") ?? config.secret
        config.theme = try string("theme") ?? config.theme
        if let admin = try object("admin") {
            try admin.rejectUnknownKeys(["password_cost"])
            config.admin.passwordCost = try admin.int("password_cost", in: 4...31) ?? config.admin.passwordCost
        }
        if let media = try object("media") { config.media = try media.media() }
        if let federation = try object("federation") { config.federation = try federation.federation() }
        if let log = try object("log") {
            try log.rejectUnknownKeys(["format"])
            if let format = try log.string("format") {
                guard let value = QuireConfig.LogFormat(rawValue: format) else {
                    throw log.error("format", "'\(format)' is not one of \(QuireConfig.LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                config.log.format = value
            }
        }
        return config
    }

    private func federation() throws -> QuireConfig.Federation {
        try rejectUnknownKeys(["enabled", "handle", "allow_private_addresses"])
        var federation = QuireConfig.Federation()
        federation.enabled = try bool("enabled") ?? federation.enabled
        if let handle = try string("handle") {
            guard QuireConfig.Federation.isHandle(handle) else {
                throw error("handle", "'\(handle)' is not a handle: 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit")
            }
            federation.handle = handle
        }
        federation.allowPrivateAddresses = try bool("allow_private_addresses") ?? federation.allowPrivateAddresses
        return federation
    }

    private func media() throws -> QuireConfig.Media {
        try rejectUnknownKeys(["max_upload_mb", "max_pixels", "widths", "concurrent_processing"])
        var media = QuireConfig.Media()
        media.maxUploadMB = try int("max_upload_mb", in: 1...1024) ?? media.maxUploadMB
        media.maxPixels = try int("max_pixels", in: 1...1_000_000_000) ?? media.maxPixels
        if let widths = try intArray("widths") {
            guard (1...10).contains(widths.count), widths.allSatisfy({ (16...10_000).contains($0) }) else {
                throw error("widths", "must list 1 to 10 widths, each from 16 to 10000 pixels")
            }
            media.widths = Array(Set(widths)).sorted()
        }
        media.concurrentProcessing = try int("concurrent_processing", in: 1...64) ?? media.concurrentProcessing
        return media
    }

    /// `navigation`: at most 20 `{"label", "path"}` objects, each path one on this site.
    private func navigation() throws -> [QuireConfig.NavigationLink]? {
        guard let value = members.values["navigation"] else { return nil }
        guard case .array(let items) = value else {
            throw error("navigation", "expected an array of {\"label\", \"path\"} objects, found \(value.kindName)")
        }
        guard items.count <= 20 else { throw error("navigation", "has \(items.count) links; 20 at most") }
        return try items.enumerated().map { index, item in
            guard case .object(let fields) = item else {
                throw error("navigation", "link \(index + 1) is \(item.kindName), not an object with a label and a path")
            }
            let link = ConfigObject(values: fields, path: fullKey("navigation.\(index + 1)"), source: source)
            try link.rejectUnknownKeys(["label", "path"])
            let label = (try link.string("label") ?? "").trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty, label.count <= 60, !label.containsControlCharacters() else {
                throw link.error("label", "must be 1 to 60 characters")
            }
            let path = try link.string("path") ?? ""
            guard path.hasPrefix("/"), !path.hasPrefix("//"), path.count <= 300, !path.contains(where: { $0.isWhitespace || $0 == "\\" }) else {
                throw link.error("path", "'\(path)' is not a path on this site such as /about")
            }
            return QuireConfig.NavigationLink(label: label, path: path)
        }
    }

    private func site() throws -> QuireConfig.Site {
        try rejectUnknownKeys(["title", "tagline", "base_url", "language", "author", "timezone"])
        var site = QuireConfig.Site()
        site.title = try string("title") ?? site.title
        site.tagline = try string("tagline") ?? site.tagline
        if let baseURL = try string("base_url") {
            guard Self.isHTTPURL(baseURL) else {
                throw error("base_url", "'\(baseURL)' is not an http or https URL")
            }
            site.baseURL = baseURL
        }
        if let language = try string("language") {
            guard !language.isEmpty, language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
                throw error("language", "'\(language)' is not a language tag such as en or pt-BR")
            }
            site.language = language
        }
        site.author = try string("author") ?? site.author
        if let timezone = try string("timezone") {
            guard TimeZone(identifier: timezone) != nil, timezone.contains("/") || timezone == "UTC" else {
                throw error("timezone", "'\(timezone)' is not an IANA time zone such as UTC or Europe/Lisbon")
            }
            site.timezone = timezone
        }
        return site
    }

    private func server() throws -> QuireConfig.Server {
        try rejectUnknownKeys(["host", "port", "page_cache_mib", "metrics_port", "metrics_host"])
        var server = QuireConfig.Server()
        if let host = try string("host") {
            guard !host.isEmpty else { throw error("host", "must not be empty") }
            server.host = host
        }
        server.port = try int("port", in: 1...65535) ?? server.port
        server.pageCacheMiB = try int("page_cache_mib", in: 0...4096) ?? server.pageCacheMiB
        server.metricsPort = try int("metrics_port", in: 0...65535) ?? server.metricsPort
        if let metricsHost = try string("metrics_host") {
            guard !metricsHost.isEmpty else { throw error("metrics_host", "must not be empty") }
            server.metricsHost = metricsHost
        }
        guard server.metricsPort != server.port else {
            throw error("metrics_port", "must differ from `port`: the metrics are never served on the blog's own port")
        }
        return server
    }

    private func comments() throws -> QuireConfig.Comments {
        try rejectUnknownKeys([
            "moderation", "max_links", "blocklist", "max_comment_length", "comment_rate_limit",
            "close_comments_after_days", "thread_depth",
        ])
        var comments = QuireConfig.Comments()
        if let moderation = try string("moderation") {
            guard let mode = QuireConfig.Moderation(rawValue: moderation) else {
                let modes = QuireConfig.Moderation.allCases.map(\.rawValue).joined(separator: ", ")
                throw error("moderation", "'\(moderation)' is not one of \(modes)")
            }
            comments.moderation = mode
        }
        comments.maxLinks = try int("max_links", in: 0...1000) ?? comments.maxLinks
        comments.blocklist = try stringArray("blocklist") ?? comments.blocklist
        comments.maxCommentLength = try int("max_comment_length", in: 1...65_536) ?? comments.maxCommentLength
        comments.commentRateLimit = try int("comment_rate_limit", in: 0...1_000_000) ?? comments.commentRateLimit
        comments.closeCommentsAfterDays = try int("close_comments_after_days", in: 0...36_500) ?? comments.closeCommentsAfterDays
        comments.threadDepth = try int("thread_depth", in: 1...20) ?? comments.threadDepth
        return comments
    }

    static func isHTTPURL(_ string: String) -> Bool {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && !(url.host ?? "").isEmpty
    }
}
