import Foundation
import Logging
import NIOCore
import QuireCore
import ServiceLifecycle

/// Everything the web application runs on, built once, here, from the config, the database
/// and the clock. `buildRouter(services:)` hands each controller only the parts it uses.
public struct QuireServices: Sendable {
    public let config: QuireConfig
    /// The blog's database, SQLite or PostgreSQL, and its stores.
    public let store: BlogDatabase
    /// What must run beside the server for this database: on PostgreSQL, the change feed.
    public let backgroundServices: [any Service]
    public let clock: WallClock
    /// The stores and views that read a setting, for the settings that stand now.
    let site: LiveSite
    let search: any PostSearch
    let related: RelatedPosts
    let authentication: AuthorAuthentication
    let secret: SiteSecret
    let formTokens: FormTokens
    let staticFiles: StaticFiles
    let pageCache: PageCache<CachedResponse>
    let openAPIDocument: ByteBuffer
    let users: any UserStore
    let sessions: any SessionStore
    let passwords: PasswordHasher
    let signInThrottle: SignInThrottle
    /// Views of public pages, counted in memory and saved by `ViewCountFlush`.
    public let viewCounter: ViewCounter
    /// Uploaded images.
    let media: any MediaStore
    /// The key that signs what the blog sends to the fediverse, made on first use.
    let blogKeys: BlogKeyring
    /// Followers, the inbox's checks and the delivery queue.
    let federation: FederationServices

    /// What `GET /metrics` shows, when `server.metrics_port` is set; nil measures nothing.
    public let prometheus: PrometheusMetrics?
    var metrics: QuireMetrics { prometheus?.metrics ?? .off }

    /// URLs per sitemap file; only tests lower it, to see the sitemap index without 50,000 posts.
    let sitemapPageSize: Int

    /// `prometheus` should be the one the store was opened with, so that it times the database too.
    public init(
        config: QuireConfig, store: BlogDatabase, clock: WallClock = .system, prometheus: PrometheusMetrics? = nil, sitemapPageSize: Int = 50_000
    ) async throws {
        self.config = config
        self.prometheus = prometheus
        let metrics = prometheus?.metrics ?? .off
        self.store = store
        self.clock = clock
        self.sitemapPageSize = sitemapPageSize
        search = store.search
        let changes = try store.makeChangeFeed()
        backgroundServices = (changes as? any Service).map { [$0] } ?? []
        // Ranked lists are small (ids and scores): a few MiB keep tens of thousands.
        related = RelatedPosts(store: store.related, lists: PageCache(feed: changes, budget: 8 * 1024 * 1024, counters: CacheCounters(cache: "related", metrics: metrics)))
        authentication = AuthorAuthentication(tokens: store.tokens, clock: clock)
        secret = try await SiteSecret.load(configured: config.secret, settings: store.settings)
        formTokens = FormTokens(secret: secret)
        let theme = config.theme.isEmpty ? nil : URL(fileURLWithPath: config.theme, isDirectory: true)
        if let theme, !FileManager.default.fileExists(atPath: theme.path) {
            throw ThemeError(description: "\(theme.path): the theme folder named by the config's `theme` does not exist")
        }
        staticFiles = try StaticFiles.bundled(theme: theme)
        openAPIDocument = try OpenAPIDocument.bundled()
        users = store.users
        sessions = store.sessions
        passwords = PasswordHasher(cost: UInt8(config.admin.passwordCost))
        signInThrottle = SignInThrottle(failures: store.signInFailures, secret: secret)
        viewCounter = ViewCounter(store: store.pageViews)
        blogKeys = BlogKeyring(settings: store.settings)
        federation = FederationServices(config: config, store: store.federation, webmentions: store.webmentions, keys: blogKeys, clock: clock, logger: Logger(label: "quire.federation"))
        media = store.media(rules: config.media.rules, processor: try ImageProcessor(concurrentImages: config.media.concurrentProcessing))
        let renderer = try await PageRenderer.bundled(theme: theme)
        let (related, formTokens, staticFiles, clock, media, federationStore) = (related, formTokens, staticFiles, clock, media, store.federation)
        site = LiveSite(config: LiveConfig(file: config, settings: store.settings, feed: changes)) { config in
            let comments = store.comments(settings: config.comments)
            let views = SiteViews(config: config, renderer: renderer, staticFiles: staticFiles)
            return LiveSite.Parts(
                config: config,
                posts: store.posts(defaultAuthor: config.site.author),
                comments: comments,
                views: views,
                postPages: PostPageRenderer(
                    comments: comments, related: related, formTokens: formTokens, views: views, media: media, relatedCount: config.relatedPosts,
                    reactions: federationStore
                ),
                adminViews: AdminViews(
                    renderer: renderer, comments: comments, formTokens: formTokens, siteTitle: config.site.title,
                    dates: AdminDates(identifier: config.site.timezone), stylesheetURL: staticFiles.fingerprintedURL("admin/admin.css"),
                    scriptURL: staticFiles.fingerprintedURL("admin/admin.js"), clock: clock
                ),
                media: media
            )
        }
        let live = site.config
        pageCache = PageCache(
            feed: changes, commentsOpenFor: { try await live.current().comments.openFor },
            budget: config.server.pageCacheMiB * 1024 * 1024, counters: CacheCounters(cache: "pages", metrics: metrics)
        )
    }
}
