import Foundation
import Synchronization

/// Counts views of public pages in memory and adds them to `page_view` now and then (`flush`),
/// so counting costs a request one lock and a dictionary update, never a write. A crash loses
/// at most the counts since the last flush, never a page.
public final class ViewCounter: Sendable {
    struct Key: Hashable, Sendable {
        /// Whole UTC days since 1970: counting asks no calendar (Foundation's costs 130 µs on
        /// Linux, which counting once a request cannot afford); `flush` names the day.
        var day: Int
        var path: String
    }

    /// Distinct paths kept between two flushes; more are not counted, so no flood of odd
    /// addresses can grow the counter without bound.
    public static let maxKeys = 20_000

    private let counts = Mutex<[Key: Int]>([:])
    let store: any PageViewStore

    public init(store: any PageViewStore) {
        self.store = store
    }

    public func count(path: String, at date: Date) {
        let key = Key(day: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)), path: String(path.prefix(300)))
        counts.withLock { counts in
            if counts[key] != nil || counts.count < Self.maxKeys { counts[key, default: 0] += 1 }
        }
    }

    /// Adds the counts so far to the database and starts again from zero; if the write fails,
    /// the counts are kept for the next flush.
    public func flush() async throws {
        let taken = counts.withLock { counts in
            defer { counts = [:] }
            return counts
        }
        guard !taken.isEmpty else { return }
        do {
            try await store.add(taken.map { key, views in
                PageViewCount(day: Self.day(Date(timeIntervalSince1970: Double(key.day) * 86_400)), path: key.path, views: views)
            })
        } catch {
            counts.withLock { counts in
                for (key, views) in taken where counts[key] != nil || counts.count < Self.maxKeys {
                    counts[key, default: 0] += views
                }
            }
            throw error
        }
    }

    /// The UTC day of a moment, as `page_view` stores it.
    public static func day(_ date: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()
}
