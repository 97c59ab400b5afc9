import CoreMetrics

/// What one cache reports: answers found, answers missed (rendered, or taken from another
/// reader's rendering), and answers dropped to make room within its budget.
public struct CacheCounters: Sendable {
    let hits: Counter
    let misses: Counter
    let evictions: Counter

    public init(cache name: String, metrics: QuireMetrics) {
        hits = metrics.cache(name, "hits")
        misses = metrics.cache(name, "misses")
        evictions = metrics.cache(name, "evictions")
    }

    /// Counts nothing.
    public static let off = CacheCounters(cache: "", metrics: .off)
}
