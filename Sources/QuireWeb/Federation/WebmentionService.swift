import Logging
import QuireCore

/// Runs Webmention's background work beside the server, every second, apart from ActivityPub's
/// delivery so that slow sources or targets never hold up followers: while the blog federates,
/// one batch of received mentions is checked; then one batch of those to send is sent. On
/// PostgreSQL every process runs one; leases keep them from doing anything twice.
struct WebmentionService: RoundsService {
    let site: LiveSite
    let federation: FederationServices
    let logger: Logger
    static let interval = Duration.seconds(1)

    /// One round: check, then send.
    func runOnce() async {
        do {
            let site = try await site.current()
            if site.federationAddresses != nil {
                try await federation.mentionChecker(site: site).checkDue()
            }
            try await federation.mentionSender.sendDue()
        } catch {
            logger.warning("Webmention's queues could not be read or written; trying again", metadata: ["error": "\(error)"])
        }
    }
}
