import Logging
import QuireCore

/// One line of the access log: what was asked and what was answered, never who asked. The path
/// is kept without its query (a search may hold an email address), and no client address or
/// header is written.
struct AccessLogLine: CustomStringConvertible {
    var method: String
    var path: String
    var status: Int
    var bytes: Int
    var duration: Duration
    /// Whether the page cache answered (docs/freshness.md).
    var cache: ResponseNotes.CacheStatus

    /// Paths longer than this are cut, so a line stays a line.
    static var longestPath: Int { 1024 }

    var description: String { "\(method) \(String(path.prefix(Self.longestPath))) \(status)" }

    var milliseconds: Double { (Double(duration.nanoseconds) / 1_000).rounded() / 1_000 }

    /// The fields a JSON line carries (and a text line after its message).
    var metadata: Logger.Metadata {
        [
            "method": .string(method),
            "path": .string(String(path.prefix(Self.longestPath))),
            "status": .stringConvertible(status),
            "bytes": .stringConvertible(bytes),
            "duration_ms": .stringConvertible(milliseconds),
            "cache": .string("\(cache)"),
        ]
    }
}
