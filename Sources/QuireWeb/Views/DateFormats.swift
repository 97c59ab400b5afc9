import Foundation
import QuireCore
import Synchronization

/// The two ways dates are written: RFC 3339 for machines, the site's language for readers.
struct DateFormats: Sendable {
    private let readable: Date.FormatStyle
    private let displayedDays = DisplayedDays()

    init(language: String) {
        readable = Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: language), timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    /// `2026-11-26T22:45:29Z`
    func rfc3339(_ date: Date) -> String {
        RFC3339.string(date)
    }

    /// `November 26, 2026` in English. Only the (UTC) day shows, so each day is formatted once:
    /// a page of fifty comments would otherwise spend most of its time here.
    func display(_ date: Date) -> String {
        let day = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        return displayedDays.string(for: day) { date.formatted(readable) }
    }
}

/// Day numbers and how they were written; emptied past 100,000 days, which no blog reaches.
private final class DisplayedDays: Sendable {
    private let strings = Mutex<[Int: String]>([:])

    func string(for day: Int, make: () -> String) -> String {
        if let known = strings.withLock({ $0[day] }) { return known }
        let made = make()
        strings.withLock { strings in
            if strings.count >= 100_000 { strings.removeAll() }
            strings[day] = made
        }
        return made
    }
}
