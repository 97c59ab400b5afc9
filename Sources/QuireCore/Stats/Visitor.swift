/// Who a request comes from, as far as the stats care: only people reading the blog count.
public enum Visitor {
    /// Words in a User-Agent that only programs send: crawlers, feed readers' fetchers,
    /// command-line tools, headless browsers, link previews.
    static let programWords = [
        "bot", "crawl", "spider", "slurp", "fetch", "curl", "wget", "python", "go-http", "java/", "okhttp",
        "headless", "preview", "monitor", "scan", "http-client", "axios", "node-fetch", "feed", "rss",
    ]

    /// Whether a User-Agent is obviously a program's; a missing one counts as a program.
    public static func isProgram(userAgent: String?) -> Bool {
        guard let agent = userAgent?.lowercased(), !agent.isEmpty else { return true }
        return programWords.contains { agent.contains($0) }
    }
}
