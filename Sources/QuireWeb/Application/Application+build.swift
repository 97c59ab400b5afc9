import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import QuireCore
import ServiceLifecycle

/// Builds the Quire web application: every route and middleware from `services`, and the
/// background work that runs beside the server. Nothing is read from the environment here.
public func buildApplication(services: QuireServices, logger: Logger) -> some ApplicationProtocol {
    let metricsServer = services.prometheus.flatMap { prometheus in
        services.config.server.metricsPort > 0 ? buildMetricsApplication(prometheus, config: services.config.server, logger: logger) : nil
    }
    return Application(
        router: buildRouter(services: services),
        server: .http1(configuration: serverLimits),
        configuration: .init(
            address: .hostname(services.config.server.host, port: services.config.server.port),
            serverName: "Quire",
            // Connections waiting to be accepted: past it the kernel drops new ones, and each
            // client waits a second or more to try again (Linux caps it at net.core.somaxconn).
            backlog: 4096
        ),
        services: services.backgroundServices + [
            RelatedWeightsRefresh(store: services.store, logger: logger), ViewCountFlush(counter: services.viewCounter, logger: logger),
            DeliveryService(site: services.site, federation: services.federation, metrics: services.metrics, logger: logger),
            WebmentionService(site: services.site, federation: services.federation, metrics: services.metrics, logger: logger),
        ] + (metricsServer.map { server in
            [server as any Service, QueueDepthService(federation: services.federation, metrics: services.metrics, logger: logger)]
        } ?? []),
        logger: logger
    )
}

/// `GET /metrics` on `server.metrics_host`:`server.metrics_port`, a server of its own.
func buildMetricsApplication(_ prometheus: PrometheusMetrics, config: QuireConfig.Server, logger: Logger) -> some ApplicationProtocol & Service {
    Application(
        router: buildMetricsRouter(prometheus),
        server: .http1(configuration: serverLimits),
        configuration: .init(address: .hostname(config.metricsHost, port: config.metricsPort), serverName: "Quire"),
        logger: logger
    )
}

/// The metrics server's one route; also for tests that drive it without a socket.
public func buildMetricsRouter(_ prometheus: PrometheusMetrics) -> Router<BasicRequestContext> {
    let router = Router()
    MetricsController(prometheus: prometheus).addRoutes(to: router)
    return router
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
/// `accessLog` gets one line for each answer (`AccessLogLine`).
public func buildRouter(services: QuireServices, accessLog: Logger = Logger(label: "quire.access")) -> Router<QuireRequestContext> {
    let router = Router(context: QuireRequestContext.self, options: .autoGenerateHeadEndpoints)
    let apiMethods = APIMethodTable()
    let config = services.config
    let clock = services.clock

    router.add(middleware: RequestRecordingMiddleware(metrics: services.metrics, accessLog: accessLog))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: WebmentionLinkMiddleware(site: services.site))
    router.add(middleware: UnavailableMiddleware(site: services.site))
    router.add(middleware: ConditionalRequestMiddleware())
    router.add(middleware: CompressionMiddleware(store: CompressedBodies()))
    router.add(middleware: ViewCountingMiddleware(counter: services.viewCounter, clock: clock))
    router.add(middleware: ResponseCacheMiddleware(cache: services.pageCache, clock: clock))
    router.add(middleware: HTMLErrorMiddleware(site: services.site))
    router.add(middleware: AdminErrorMiddleware(site: services.site))
    router.add(middleware: APIErrorMiddleware(methods: apiMethods))
    router.add(middleware: OldAddressMiddleware(site: services.site, clock: clock))

    HealthController(store: services.store).addRoutes(to: router)
    StaticFileController(files: services.staticFiles).addRoutes(to: router)
    MediaFileController(media: services.media).addRoutes(to: router)
    let site = services.site
    let representations = ActivityRepresentations(keys: services.blogKeys, federatedPosts: services.federation.store)
    PostController(site: site, representations: representations, clock: clock).addRoutes(to: router)
    CommentFormController(site: site, formTokens: services.formTokens, secret: services.secret, clock: clock, metrics: services.metrics).addRoutes(to: router)
    TagController(site: site, clock: clock).addRoutes(to: router)
    SearchController(search: services.search, site: site, clock: clock).addRoutes(to: router)
    FeedController(live: site, clock: clock).addRoutes(to: router)
    FederationController(site: site, representations: representations, users: services.users, followers: services.federation.store, clock: clock)
        .addRoutes(to: router)
    InboxController(site: site, federation: services.federation).addRoutes(to: router)
    WebmentionController(site: site, federation: services.federation).addRoutes(to: router)
    // The sitemap shows only addresses, made from `base_url`, which only the config file sets.
    SitemapController(posts: services.store.posts(defaultAuthor: config.site.author), site: config.site, pageSize: services.sitemapPageSize, clock: clock)
        .addRoutes(to: router)

    let api = APIRoutes(router: router, methods: apiMethods)
    let baseURL = config.site.baseURLPrefix
    PostAPIController(site: site, related: services.related, auth: services.authentication, baseURL: baseURL, clock: clock).addRoutes(to: api)
    AuthoringAPIController(site: site, auth: services.authentication, baseURL: baseURL, clock: clock).addRoutes(to: api)
    CommentAPIController(site: site, secret: services.secret, clock: clock, metrics: services.metrics).addRoutes(to: api)
    TagAPIController(site: site, clock: clock).addRoutes(to: api)
    ModerationAPIController(site: site, auth: services.authentication).addRoutes(to: api)
    PageAPIController(site: site, auth: services.authentication, baseURL: baseURL, clock: clock).addRoutes(to: api)
    MediaAPIController(media: services.media, auth: services.authentication, baseURL: baseURL, clock: clock).addRoutes(to: api)
    OpenAPIController(document: services.openAPIDocument).addRoutes(to: api)

    addAdminRoutes(to: router, services: services)
    // Last, and the least specific: a page at /{slug}.
    PageController(site: site, clock: clock).addRoutes(to: router)
    return router
}
