import Foundation

/// The counted views of public pages, by UTC day and path, and what the dashboard shows of them.
public protocol PageViewStore: Sendable {
    /// Adds each count to its day's and path's views, in one transaction.
    func add(_ counts: [PageViewCount]) async throws
    /// Views of all pages on each day from `firstDay` (`ViewCounter.day`) on, by day.
    func totalsPerDay(from firstDay: String) async throws -> [String: Int]
    /// The posts read most from `firstDay` on, with their views: posts public at `now`, by the
    /// slug they have now.
    func mostRead(from firstDay: String, limit: Int, now: Date) async throws -> [(post: Post, views: Int)]
}

/// Views of one path on one UTC day.
public struct PageViewCount: Sendable, Equatable {
    public var day: String
    public var path: String
    public var views: Int
}

extension PageViewStore {
    /// Views of all pages on each of the `days` days up to `now` (UTC days), oldest first,
    /// days without views included as 0.
    public func viewsPerDay(days: Int, now: Date) async throws -> [(day: String, views: Int)] {
        let dayList = (0..<days).reversed().compactMap { back in
            Calendar.utc.date(byAdding: .day, value: -back, to: now).map(ViewCounter.day)
        }
        let totals = try await totalsPerDay(from: dayList.first ?? "")
        return dayList.map { ($0, totals[$0] ?? 0) }
    }

    /// The posts read most in the last `days` days up to `now`, with their views.
    public func mostRead(days: Int, limit: Int, now: Date) async throws -> [(post: Post, views: Int)] {
        let since = Calendar.utc.date(byAdding: .day, value: -(days - 1), to: now).map(ViewCounter.day) ?? ""
        return try await mostRead(from: since, limit: limit, now: now)
    }
}
