extension Array where Element: Sendable {
    /// `map` with at most `width` transforms running at once, for work that waits on the network
    /// rather than the processor; the results come back in the array's order.
    func boundedConcurrentMap<Result: Sendable>(width: Int, _ transform: @escaping @Sendable (Element) async -> Result) async -> [Result] {
        await withTaskGroup(of: (Int, Result).self) { group in
            var results: [(Int, Result)] = []
            for (index, element) in enumerated() {
                if index >= width, let done = await group.next() { results.append(done) }
                group.addTask { (index, await transform(element)) }
            }
            for await done in group { results.append(done) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
