import Logging
import QuireCore
import ServiceLifecycle

/// Runs the delivery worker beside the server: every second, whatever is due is sent. On
/// PostgreSQL every process runs one; the queue's leases keep them from sending twice.
struct DeliveryService: Service {
    let worker: DeliveryWorker
    let logger: Logger
    static let interval = Duration.seconds(1)

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                try await worker.deliverDue()
            } catch {
                logger.warning("The delivery queue could not be read; trying again", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
        }
    }
}
