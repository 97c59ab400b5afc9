/// The first path segments Quire's own routes use: a page at `/{slug}` may not take one.
public enum PageSlug {
    public static let reserved: Set<String> = [
        "admin", "api", "posts", "tags", "search", "static", "media", "feed", "healthz",
        "webmention", "nodeinfo", "well-known", "users", "inbox", "outbox", "sitemap", "robots",
    ]

    public static func isReserved(_ slug: String) -> Bool {
        reserved.contains(slug)
    }
}
