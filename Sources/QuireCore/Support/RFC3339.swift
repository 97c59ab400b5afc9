import Foundation

/// RFC 3339 timestamps in UTC, such as `2026-11-26T22:45:29Z`: how every machine-readable date
/// is written (JSON, feeds, sitemaps, `<time datetime>`).
public enum RFC3339 {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
