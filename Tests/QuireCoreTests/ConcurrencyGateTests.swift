import Synchronization
import Testing

@testable import QuireCore

@Suite struct ConcurrencyGateTests {
    /// Counts the operations inside the gate, and the most there ever were at once.
    final class Occupancy: Sendable {
        let state = Mutex((now: 0, most: 0))
        func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { state.withLock { $0.now -= 1 } }
    }

    @Test func noMoreThanTheLimitRunAtOnceAndAllRun() async throws {
        let gate = ConcurrencyGate(limit: 2)
        let occupancy = Occupancy()
        let finished = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                group.addTask {
                    try await gate.run {
                        occupancy.enter()
                        defer { occupancy.leave() }
                        // Give the others every chance to get in while this one is inside.
                        for _ in 0..<20 { await Task.yield() }
                        return index
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(finished.sorted() == Array(0..<12))
        #expect(occupancy.state.withLock { $0.most } == 2)
    }
}
