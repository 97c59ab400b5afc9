import ServiceLifecycle

/// Background work done in rounds beside the server: one round, then a pause of `interval`,
/// until the server begins to stop.
protocol RoundsService: Service {
    static var interval: Duration { get }
    /// One round; it reports its own failures, and the next round tries again.
    func runOnce() async
}

extension RoundsService {
    func run() async throws {
        while !Task.isShuttingDownGracefully {
            await runOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.interval) }
        }
    }
}
