import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import QuireCore

/// Builds the Quire web application: every route and middleware from `services`, and the
/// background work that runs beside the server. Nothing is read from the environment here.
public func buildApplication(services: QuireServices, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: buildRouter(services: services),
        server: .http1(configuration: serverLimits),
        configuration: .init(
            address: .hostname(services.config.server.host, port: services.config.server.port),
            serverName: "Quire"
        ),
        services: [RelatedWeightsRefresh(database: services.database, logger: logger)],
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

/// Every route of the site, each controller given what it uses; also for tests that drive the
/// router without a socket. docs/routes.md and docs/api.md list what each route answers.
public func buildRouter(services: QuireServices) -> Router<QuireRequestContext> {
    let router = Router(context: QuireRequestContext.self, options: .autoGenerateHeadEndpoints)
    let apiMethods = APIMethodTable()
    let config = services.config
    let clock = services.clock

    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ConditionalRequestMiddleware())
    router.add(middleware: CompressionMiddleware(store: CompressedBodies()))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ResponseCacheMiddleware(cache: services.pageCache, clock: clock))
    router.add(middleware: HTMLErrorMiddleware(views: services.views))
    router.add(middleware: AdminErrorMiddleware(views: services.adminViews))
    router.add(middleware: APIErrorMiddleware(methods: apiMethods))

    HealthController(database: services.database).addRoutes(to: router)
    StaticFileController(files: services.staticFiles).addRoutes(to: router)
    PostController(posts: services.posts, comments: services.comments, postPages: services.postPages, views: services.views, postsPerPage: config.postsPerPage, clock: clock)
        .addRoutes(to: router)
    CommentFormController(posts: services.posts, comments: services.comments, postPages: services.postPages, formTokens: services.formTokens, secret: services.secret, clock: clock)
        .addRoutes(to: router)
    TagController(posts: services.posts, comments: services.comments, views: services.views, postsPerPage: config.postsPerPage, clock: clock)
        .addRoutes(to: router)
    SearchController(search: services.search, views: services.views, postsPerPage: config.postsPerPage, clock: clock).addRoutes(to: router)
    FeedController(posts: services.posts, site: config.site, clock: clock).addRoutes(to: router)
    SitemapController(posts: services.posts, site: config.site, pageSize: services.sitemapPageSize, clock: clock).addRoutes(to: router)

    let api = APIRoutes(router: router, methods: apiMethods)
    let baseURL = config.site.baseURLPrefix
    PostAPIController(posts: services.posts, comments: services.comments, related: services.related, auth: services.authentication, baseURL: baseURL, relatedCount: config.relatedPosts, clock: clock)
        .addRoutes(to: api)
    AuthoringAPIController(posts: services.posts, auth: services.authentication, baseURL: baseURL, clock: clock).addRoutes(to: api)
    CommentAPIController(posts: services.posts, comments: services.comments, secret: services.secret, clock: clock).addRoutes(to: api)
    TagAPIController(posts: services.posts, clock: clock).addRoutes(to: api)
    ModerationAPIController(comments: services.comments, auth: services.authentication).addRoutes(to: api)
    OpenAPIController(document: services.openAPIDocument).addRoutes(to: api)

    addAdminRoutes(to: router, services: services)
    return router
}
