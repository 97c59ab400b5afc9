import CoreMetrics
import Logging
import QuireCore

/// Runs federation's background work beside the server, every second: while the blog federates,
/// the publisher queues what changed in the posts (activities, and Webmentions for
/// `WebmentionService` to send); then whatever is due is delivered. On PostgreSQL every process
/// runs one; leases keep them from queuing or sending anything twice.
struct DeliveryService: RoundsService {
    let site: LiveSite
    let federation: FederationServices
    let metrics: QuireMetrics
    let logger: Logger
    static let interval = Duration.seconds(1)

    /// One round: publish, then deliver.
    func runOnce() async {
        do {
            let site = try await site.current()
            if let addresses = site.federationAddresses {
                try await federation.publisher(posts: site.posts).publish(addresses: addresses)
            }
            let counts = try await federation.worker.deliverDue()
            metrics.queueFailures("deliveries").increment(by: Int64(counts.failed))
        } catch {
            logger.warning("Federation's queue could not be read or written; trying again", metadata: ["error": "\(error)"])
        }
    }
}
