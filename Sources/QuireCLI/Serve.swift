import ArgumentParser
import Foundation
import Hummingbird
import Logging
import QuireCore
import QuireWeb
import ServiceLifecycle
import UnixSignals

/// `quire serve`: migrate the database, add the welcome posts to an empty blog, and serve it.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the blog server.")

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "How much to log: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    /// How long SIGTERM (or Ctrl-C) waits for requests in flight and the background services to
    /// finish before they are cancelled, and how long after that before swift-service-lifecycle
    /// stops the process itself (a crash, with its message, rather than a hang).
    static let gracefulShutdown = Duration.seconds(10)
    static let cancellation = Duration.seconds(5)

    /// The server and its services, stopped gracefully on SIGTERM or SIGINT within the limits above.
    static func shutdown(of app: some Service, logger: Logger) -> ServiceGroupConfiguration {
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracefulShutdown
        configuration.maximumCancellationDuration = cancellation
        return configuration
    }

    func run() async throws {
        try await runReportingFailure {
            let config = try options.load()
            let logger = makeLogger(level: logLevel, format: config.log.format)
            let where_ = config.database.url.map(\.description) ?? config.database.path
            let prometheus = config.server.metricsPort > 0 ? PrometheusMetrics() : nil
            // Every page of a SQLite file is read first: a damaged file stops start-up in one line.
            try await withBlogDatabase(config, logger: logger, metrics: prometheus?.metrics ?? .off, verify: true) { store in
                // The theme's templates are checked here, before anything is written.
                let services = try await QuireServices(config: config, store: store, prometheus: prometheus)
                let posts = store.posts(defaultAuthor: config.site.author)
                let now = WallClock.system.now()
                if try await posts.addIfEmpty(WelcomePosts.drafts(now: now), now: now) {
                    logger.info("Added the welcome posts to the new blog", metadata: ["database": "\(where_)"])
                }
                if let token = try await store.users.firstAdminLink(now: now) {
                    logger.notice("No one can sign in to the admin yet. To become its first admin, open this link within 24 hours: \(config.site.absoluteURL("/admin/welcome?token=\(token)"))")
                }
                let app = buildApplication(services: services, logger: logger)
                logger.info("Quire is serving \(config.site.title) at http://\(config.server.host):\(config.server.port)", metadata: ["database": "\(where_)"])
                if prometheus != nil {
                    logger.info("Metrics are at http://\(config.server.metricsHost):\(config.server.metricsPort)/metrics")
                }
                try await ServiceGroup(configuration: Self.shutdown(of: app, logger: logger)).run()
            }
        }
    }
}
