import CoreMetrics
import Logging
import QuireCore

/// Runs Webmention's background work beside the server, every second, apart from ActivityPub's
/// delivery so that slow sources or targets never hold up followers: while the blog federates,
/// one batch of received mentions is checked; then one batch of those to send is sent. On
/// PostgreSQL every process runs one; leases keep them from doing anything twice.
struct WebmentionService: RoundsService {
    let site: LiveSite
    let federation: FederationServices
    let metrics: QuireMetrics
    let logger: Logger
    static let interval = Duration.seconds(1)

    /// One round: check, then send.
    func runOnce() async {
        do {
            let site = try await site.current()
            if site.federationAddresses != nil {
                let checks = try await federation.mentionChecker(site: site).checkDue()
                metrics.queueFailures("webmention_checks").increment(by: Int64(checks.filter(\.isFailure).count))
            }
            let sends = try await federation.mentionSender.sendDue()
            metrics.queueFailures("webmention_sends").increment(by: Int64(sends.filter(\.isFailure).count))
        } catch {
            logger.warning("Webmention's queues could not be read or written; trying again", metadata: ["error": "\(error)"])
        }
    }
}

extension WebmentionChecker.Outcome {
    /// The source could not be read: tried again later, or given up.
    var isFailure: Bool {
        switch self {
        case .retry, .givenUp: true
        case .verified, .removed: false
        }
    }
}

extension WebmentionSender.Outcome {
    /// The target's endpoint could not be reached or refused: tried again later, or given up.
    var isFailure: Bool {
        switch self {
        case .retry, .givenUp: true
        case .sent, .noEndpoint: false
        }
    }
}
