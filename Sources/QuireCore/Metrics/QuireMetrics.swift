import CoreMetrics

/// Where Quire's measurements go: one `MetricsFactory`, Prometheus's when `server.metrics_port`
/// is set (`GET /metrics` there), and none otherwise. Every name Quire reports is made here, so
/// docs/operations.md can list them from one file.
///
/// The factory is handed down, not bootstrapped globally, so that each test reads its own.
public struct QuireMetrics: Sendable {
    public let factory: any MetricsFactory
    /// Whether anything reads the measurements; work done only to measure is skipped when not.
    public let isOn: Bool

    public init(factory: any MetricsFactory) {
        self.factory = factory
        self.isOn = true
    }

    private init() {
        factory = NOOPMetricsHandler.instance
        isOn = false
    }

    /// Measures nothing.
    public static let off = QuireMetrics()

    // MARK: The names

    /// Every answer, by its route's pattern (never the path itself, which anyone can vary).
    public func requests(method: String, route: String, status: Int) -> Counter {
        Counter(label: "quire_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
    }

    /// How long each answer took, until its last byte was handed to the connection.
    public func requestDuration(method: String, route: String, status: Int) -> Timer {
        Timer(label: Self.requestDurationName, dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
    }

    public static let requestDurationName = "quire_http_request_duration_seconds"

    /// A cache's answers: `event` is `hits`, `misses` or `evictions` (dropped for room).
    public func cache(_ name: String, _ event: String) -> Counter {
        Counter(label: "quire_cache_\(event)_total", dimensions: [("cache", name)], factory: factory)
    }

    /// A comment's fate: `approved`, `held`, `spam`, or `refused` with the rule that refused it.
    public func comments(origin: String, outcome: String, rule: String) -> Counter {
        Counter(label: "quire_comments_total", dimensions: [("origin", origin), ("outcome", outcome), ("rule", rule)], factory: factory)
    }

    /// How many items wait in a background queue (`deliveries`, `webmention_checks`, `webmention_sends`).
    public func queueDepth(_ queue: String) -> Meter {
        Meter(label: "quire_queue_depth", dimensions: [("queue", queue)], factory: factory)
    }

    /// Items of a background queue that failed a try (retried later or given up).
    public func queueFailures(_ queue: String) -> Counter {
        Counter(label: "quire_queue_failures_total", dimensions: [("queue", queue)], factory: factory)
    }

    /// Time spent in the database, by engine and kind of statement (`QueryKind`).
    public func databaseTime(engine: String, kind: QueryKind) -> Timer {
        Timer(label: Self.databaseTimeName, dimensions: [("engine", engine), ("kind", kind.rawValue)], factory: factory)
    }

    public static let databaseTimeName = "quire_database_query_duration_seconds"
}
