import Foundation

/// The settings the admin edits (SPEC §9). The config file gives a new blog its first values;
/// once saved in the admin they are kept in the database as a fragment of a config file and
/// win over the file. `server.*`, `database.*`, `site.base_url`, `secret` and `admin.*` stay in
/// the file and the environment.
public enum EditableSettings {
    /// Every editable key, dotted as in the config file, in the settings form's order.
    public static let keys = [
        "site.title", "site.tagline", "site.author", "site.language", "site.timezone",
        "posts_per_page", "related_posts", "support_block_markdown", "navigation",
        "comments.moderation", "comments.max_links", "comments.blocklist", "comments.max_comment_length",
        "comments.comment_rate_limit", "comments.close_comments_after_days", "comments.thread_depth",
        "federation.enabled",
    ]

    /// The keys whose values are yes or no: a checkbox, "on" when ticked.
    public static let switchKeys: Set<String> = ["federation.enabled"]

    /// The keys whose values are numbers.
    public static let numberKeys: Set<String> = [
        "posts_per_page", "related_posts", "comments.max_links", "comments.max_comment_length",
        "comments.comment_rate_limit", "comments.close_comments_after_days", "comments.thread_depth",
    ]

    /// The file's config with the editable settings of `saved` in place of its own.
    public static func applying(_ saved: QuireConfig, to file: QuireConfig) -> QuireConfig {
        var config = file
        config.site.title = saved.site.title
        config.site.tagline = saved.site.tagline
        config.site.author = saved.site.author
        config.site.language = saved.site.language
        config.site.timezone = saved.site.timezone
        config.postsPerPage = saved.postsPerPage
        config.relatedPosts = saved.relatedPosts
        config.supportBlockMarkdown = saved.supportBlockMarkdown
        config.navigation = saved.navigation
        config.comments = saved.comments
        config.federation.enabled = saved.federation.enabled
        return config
    }

    /// A key's value in `config` as the settings form shows it (the blocklist one word a line).
    public static func formValue(_ key: String, in config: QuireConfig) -> String {
        switch key {
        case "site.title": config.site.title
        case "site.tagline": config.site.tagline
        case "site.author": config.site.author
        case "site.language": config.site.language
        case "site.timezone": config.site.timezone
        case "posts_per_page": String(config.postsPerPage)
        case "related_posts": String(config.relatedPosts)
        case "support_block_markdown": config.supportBlockMarkdown
        case "navigation": config.navigation.map { "\($0.label) | \($0.path)" }.joined(separator: "\n")
        case "comments.moderation": config.comments.moderation.rawValue
        case "comments.max_links": String(config.comments.maxLinks)
        case "comments.blocklist": config.comments.blocklist.joined(separator: "\n")
        case "comments.max_comment_length": String(config.comments.maxCommentLength)
        case "comments.comment_rate_limit": String(config.comments.commentRateLimit)
        case "comments.close_comments_after_days": String(config.comments.closeCommentsAfterDays)
        case "comments.thread_depth": String(config.comments.threadDepth)
        case "federation.enabled": config.federation.enabled ? "on" : ""
        default: ""
        }
    }

    /// The config-file fragment for the given form values (each editable key's text): numbers
    /// where digits were typed, the blocklist split into lines, so that the file's own rules
    /// judge every value.
    static func document(_ values: [String: String], keys: [String] = keys) -> Data {
        var root: [String: Any] = [:]
        for key in keys {
            let text = values[key] ?? ""
            let value: Any
            if key == "navigation" {
                value = lines(text).map { line -> [String: String] in
                    // "Label | /path"; the last bar divides, so a label may hold one.
                    guard let bar = line.lastIndex(of: "|") else { return ["label": line, "path": ""] }
                    return ["label": line[..<bar].trimmingCharacters(in: .whitespaces), "path": line[line.index(after: bar)...].trimmingCharacters(in: .whitespaces)]
                }
            } else if key == "comments.blocklist" {
                value = lines(text)
            } else if switchKeys.contains(key) {
                value = text == "on"
            } else if numberKeys.contains(key), let number = Int(text.trimmingCharacters(in: .whitespaces)) {
                value = number
            } else {
                value = numberKeys.contains(key) ? text.trimmingCharacters(in: .whitespaces) : text
            }
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                var section = root[parts[0]] as? [String: Any] ?? [:]
                section[parts[1]] = value
                root[parts[0]] = section
            } else {
                root[key] = value
            }
        }
        return (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// A text area's lines, trimmed, blank ones left out.
    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
