import Foundation

extension Array where Element: Sendable {
    /// `map` on every core: the array is cut into one share per core, each mapped in a task of
    /// its own, and the results come back in the array's order.
    func concurrentMap<Result: Sendable>(_ transform: @escaping @Sendable (Element) -> Result) async -> [Result] {
        let workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        let share = Swift.max(1, (count + workers - 1) / workers)
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for start in stride(from: 0, to: count, by: share) {
                let part = self[start..<Swift.min(start + share, count)]
                group.addTask { (start, part.map(transform)) }
            }
            var parts: [(Int, [Result])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
