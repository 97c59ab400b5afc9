import Foundation
import QuireCore

/// The two ways dates are written: RFC 3339 for machines, the site's language for readers.
struct DateFormats: Sendable {
    private let readable: Date.FormatStyle

    init(language: String) {
        readable = Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: language), timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    /// `2026-11-26T22:45:29Z`
    func rfc3339(_ date: Date) -> String {
        RFC3339.string(date)
    }

    /// `November 26, 2026` in English.
    func display(_ date: Date) -> String {
        date.formatted(readable)
    }
}
