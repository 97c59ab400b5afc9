import CoreMetrics
import Logging
import QuireCore

/// Every 15 seconds while metrics are on, reads how much waits in federation's and Webmention's
/// queues into `quire_queue_depth`. Reads nothing while they are off.
struct QueueDepthService: RoundsService {
    let federation: FederationServices
    let metrics: QuireMetrics
    let logger: Logger
    static let interval = Duration.seconds(15)

    func runOnce() async {
        guard metrics.isOn else { return }
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
