import Foundation

/// The `Date` a signed request carries, and the window it must fall in: an hour either side of
/// now (Mastodon's allowance for clock skew), so a request captured and replayed later is refused.
public enum SignatureDate {
    public static let window: TimeInterval = 3600

    /// The field's value for `date` (IMF-fixdate, as HTTP writes dates).
    public static func field(for date: Date) -> String {
        formatter().string(from: date)
    }

    /// Throws unless `value` is a date within the window around `now`.
    public static func check(_ value: String?, now: Date) throws(SignatureError) {
        guard let value, let date = formatter().date(from: value) else { throw .malformed("no Date, or one that can't be read") }
        guard abs(date.timeIntervalSince(now)) <= window else { throw .staleDate }
    }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
