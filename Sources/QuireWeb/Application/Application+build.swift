import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import QuireCore

/// Builds the Quire web application: every route, middleware and service, from the config and
/// an open, migrated database. Nothing is read from the environment here.
public func buildApplication(
    config: QuireConfig,
    database: AppDatabase,
    logger: Logger
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(config: config, database: database)
    return Application(
        router: router,
        server: .http1(configuration: serverLimits),
        configuration: .init(
            address: .hostname(config.server.host, port: config.server.port),
            serverName: "Quire"
        ),
        logger: logger
    )
}

/// Bounds on what one connection may send and how long it may idle, so a slow or huge client
/// can't hold the server.
var serverLimits: HTTP1Channel.Configuration {
    HTTP1Channel.Configuration(
        idleTimeout: .seconds(30),
        httpDecoderConfiguration: .init(maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100)
    )
}

/// The router alone, for tests that drive it without a socket.
///
/// - Parameter sitemapPageSize: URLs per sitemap file; only tests lower it.
public func buildRouter(config: QuireConfig, database: AppDatabase, sitemapPageSize: Int = 50_000) async throws -> Router<QuireRequestContext> {
    let staticFiles = try StaticFiles.bundled()
    let views = SiteViews(config: config, renderer: try await PageRenderer.bundled(), staticFiles: staticFiles)
    let posts = PostStore(database: database, defaultAuthor: config.site.author)
    let comments = CommentStore(database: database, settings: config.comments)
    let secret = try await SiteSecret.load(configured: config.secret, database: database)
    let related = RelatedPosts(database: database)
    let pages = PostPages(posts: posts, comments: comments, related: related, formTokens: FormTokens(secret: secret), views: views)
    let auth = AuthorAuthentication(tokens: AuthorTokens(database: database))
    let router = Router(context: QuireRequestContext.self, options: .autoGenerateHeadEndpoints)
    let apiMethods = APIMethodTable()

    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ConditionalRequestMiddleware())
    router.add(middleware: CompressionMiddleware(store: CompressedBodies()))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ResponseCacheMiddleware(cache: try ResponseCache(database: database, posts: posts, closeCommentsAfterDays: config.comments.closeCommentsAfterDays)))
    router.add(middleware: HTMLErrorMiddleware(views: views))
    router.add(middleware: APIErrorMiddleware(methods: apiMethods))

    HealthController(database: database).addRoutes(to: router)
    StaticFileController(files: staticFiles).addRoutes(to: router)
    PostController(pages: pages).addRoutes(to: router)
    CommentFormController(pages: pages, secret: secret).addRoutes(to: router)
    TagController(pages: pages).addRoutes(to: router)
    SearchController(search: PostSearch(database: database), views: views).addRoutes(to: router)
    FeedController(posts: posts, config: config).addRoutes(to: router)
    SitemapController(posts: posts, config: config, pageSize: sitemapPageSize).addRoutes(to: router)

    let api = APIRoutes(router: router, methods: apiMethods)
    let postAPI = PostAPIController<QuireRequestContext>(posts: posts, comments: comments, related: related, auth: auth, config: config)
    postAPI.addRoutes(to: api)
    AuthoringAPIController(reader: postAPI, auth: auth).addRoutes(to: api)
    CommentAPIController(posts: posts, comments: comments, secret: secret).addRoutes(to: api)
    TagAPIController(posts: posts).addRoutes(to: api)
    ModerationAPIController(comments: comments, auth: auth).addRoutes(to: api)
    try OpenAPIController<QuireRequestContext>.bundled().addRoutes(to: api)
    return router
}
