import Foundation

/// Dates as the admin shows and takes them: in the site's time zone (`site.timezone`), as
/// `2026-12-02 09:30` on screens and `2026-12-02T09:30` in `datetime-local` fields.
struct AdminDates: Sendable {
    let timeZone: TimeZone
    /// The zone's name as the config gives it (Foundation calls UTC "GMT").
    let zoneName: String

    init(identifier: String) {
        timeZone = TimeZone(identifier: identifier) ?? .gmt
        zoneName = identifier
    }

    func display(_ date: Date?) -> String {
        date.map { format($0, "yyyy-MM-dd HH:mm") } ?? ""
    }

    /// The value of a `datetime-local` input.
    func input(_ date: Date?) -> String {
        date.map { format($0, "yyyy-MM-dd'T'HH:mm") } ?? ""
    }

    /// A `datetime-local` value (seconds optional) read in the site's time zone; nil when it
    /// is not one.
    func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        for pattern in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            if let date = formatter(pattern).date(from: text) { return date }
        }
        return nil
    }

    private func format(_ date: Date, _ pattern: String) -> String {
        formatter(pattern).string(from: date)
    }

    private func formatter(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        formatter.isLenient = false
        return formatter
    }
}
