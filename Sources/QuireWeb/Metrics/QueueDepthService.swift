import CoreMetrics
import Logging
import QuireCore

/// Every 15 seconds, reads how much waits in federation's and Webmention's queues into
/// `quire_queue_depth`; `buildApplication` runs it only beside the metrics server.
struct QueueDepthService: RoundsService {
    let federation: FederationServices
    let metrics: QuireMetrics
    let logger: Logger
    static let interval = Duration.seconds(15)

    func runOnce() async {
        do {
            metrics.queueDepth("deliveries").set(try await federation.store.pendingDeliveryCount())
            let mentions = try await federation.webmentions.queueDepths()
            metrics.queueDepth("webmention_checks").set(mentions.checks)
            metrics.queueDepth("webmention_sends").set(mentions.sends)
        } catch {
            logger.debug("The queues' depths could not be read; trying again", metadata: ["error": "\(error)"])
        }
    }
}
