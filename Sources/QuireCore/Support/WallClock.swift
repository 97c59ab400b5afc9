import Foundation
import Synchronization

/// Where the time comes from. The application asks this clock and never calls `Date()` itself,
/// so time-based behaviour (scheduled posts, comments closing, form-token and rate-limit
/// windows, cache expiry) is tested by moving a `ManualClock` instead of waiting.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public func now() -> Date {
        read()
    }

    /// The system's time.
    public static let system = WallClock { Date() }
}

/// A clock that stands still until told to move: for tests.
public final class ManualClock: Sendable {
    private let date: Mutex<Date>

    public init(_ start: Date) {
        date = Mutex(start)
    }

    public var now: Date { date.withLock { $0 } }

    /// Moves the time on; a negative interval moves it back.
    public func advance(by interval: TimeInterval) {
        date.withLock { $0.addTimeInterval(interval) }
    }

    /// The clock to give the application.
    public var wallClock: WallClock {
        WallClock { self.now }
    }
}
