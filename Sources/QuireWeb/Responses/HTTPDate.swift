import Foundation

/// IMF-fixdate, the date format of `Last-Modified` and `If-Modified-Since` (RFC 9110 §5.6.7).
enum HTTPDate {
    private static let style = Date.VerbatimFormatStyle(
        format: "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .padded(4)) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) GMT",
        locale: Locale(identifier: "en_US_POSIX"),
        timeZone: TimeZone(identifier: "GMT") ?? .gmt,
        calendar: Calendar(identifier: .gregorian)
    )

    static func string(_ date: Date) -> String {
        date.formatted(style)
    }

    /// The RFC 822 date RSS wants; the same shape with a numeric zone.
    static func rfc822(_ date: Date) -> String {
        string(date).replacingOccurrences(of: " GMT", with: " +0000")
    }

    static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: style.parseStrategy)
    }
}
