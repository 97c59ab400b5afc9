import Synchronization

/// What the middlewares inside learned about an answer, for the ones outside: a request context
/// is passed down by value, so this is shared by reference. One per request.
public final class ResponseNotes: Sendable {
    /// Whether the page cache took part: it answered (`hit`), rendered and maybe kept the answer
    /// (`miss`), or let the request by (`bypass`: not a cacheable request).
    public enum CacheStatus: UInt8 {
        case bypass, hit, miss
    }

    private let cache = Atomic<UInt8>(CacheStatus.bypass.rawValue)

    public var cacheStatus: CacheStatus {
        get { CacheStatus(rawValue: cache.load(ordering: .relaxed)) ?? .bypass }
        set { cache.store(newValue.rawValue, ordering: .relaxed) }
    }
}
