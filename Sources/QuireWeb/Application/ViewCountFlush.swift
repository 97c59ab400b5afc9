import Logging
import QuireCore
import ServiceLifecycle

/// Adds the counted views to the database once a minute, and once more when the server stops.
struct ViewCountFlush: Service {
    let counter: ViewCounter
    let logger: Logger
    static let interval = Duration.seconds(60)

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
            await flush()
        }
    }

    private func flush() async {
        do {
            try await counter.flush()
        } catch {
            logger.warning("Could not save the view counts; they are kept for the next try", metadata: ["error": "\(error)"])
        }
    }
}
