import Foundation

/// RFC 3339 timestamps in UTC, such as `2026-11-26T22:45:29Z`: how every machine-readable date
/// is written (JSON, feeds, sitemaps, `<time datetime>`).
public enum RFC3339 {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Reads `2026-05-01T09:00:00Z`, with or without fractional seconds, in any offset.
    public static func date(from text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
