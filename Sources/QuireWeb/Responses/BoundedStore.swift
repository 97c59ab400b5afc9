import Synchronization

/// Values that never go stale, because each key names one content (an ETag, a digest), kept
/// within a byte budget; past it the oldest go first.
final class BoundedStore<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var values: [Key: (value: Value, size: Int)] = [:]
        var order: [Key] = []
        var bytes = 0
    }

    private let state = Mutex(State())
    let budget: Int
    /// The largest value kept; a larger one would push out too many others.
    let largest: Int

    init(budget: Int, largest: Int? = nil) {
        self.budget = budget
        self.largest = largest ?? budget
    }

    func value(for key: Key) -> Value? {
        state.withLock { $0.values[key]?.value }
    }

    /// Keeps a value of `size` bytes, unless it is too large or already there.
    func keep(_ value: Value, size: Int, for key: Key) {
        state.withLock { state in
            guard size <= largest, state.values[key] == nil else { return }
            state.values[key] = (value, size)
            state.order.append(key)
            state.bytes += size
            var dropped = 0
            while state.bytes > budget, dropped < state.order.count {
                state.bytes -= state.values.removeValue(forKey: state.order[dropped])?.size ?? 0
                dropped += 1
            }
            state.order.removeFirst(dropped)
        }
    }
}
