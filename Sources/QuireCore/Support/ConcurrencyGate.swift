/// Lets at most `limit` operations run at once; the others wait their turn in order.
public actor ConcurrencyGate {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    public func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        if running < limit {
            running += 1
        } else {
            // A finishing operation hands its place straight to the first waiter.
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { leave() }
        return try await operation()
    }

    private func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
