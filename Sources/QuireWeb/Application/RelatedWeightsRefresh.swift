import Logging
import QuireCore
import ServiceLifecycle

/// Brings related-post weights made when the blog was much smaller up to date, in batches,
/// after the server starts. A service of the application's group: a graceful shutdown stops it
/// between two batches, and it never outlives the server.
struct RelatedWeightsRefresh: Service {
    let store: BlogDatabase
    let logger: Logger

    func run() async throws {
        do {
            let refreshed = try await store.refreshStaleWeights { !Task.isShuttingDownGracefully }
            if refreshed > 0 { logger.info("Updated related-post weights", metadata: ["posts.count": "\(refreshed)"]) }
        } catch {
            logger.error("Could not update related-post weights", metadata: ["error": "\(error)"])
        }
        // A service that returns ends its group: stay until the server stops.
        try? await gracefulShutdown()
    }
}
