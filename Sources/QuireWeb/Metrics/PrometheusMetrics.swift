import CoreMetrics
import Prometheus
import QuireCore

/// The measurements `GET /metrics` shows (on `server.metrics_port`): Prometheus's registry, and
/// the `QuireMetrics` that write into it. Made once for a server; each test makes its own.
public struct PrometheusMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let metrics: QuireMetrics

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Pages take a millisecond or less from the cache; a statement, far less.
        factory.durationHistogramBuckets = [
            QuireMetrics.requestDurationName: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].map { Duration.seconds($0) },
            QuireMetrics.databaseTimeName: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 5].map { Duration.seconds($0) },
        ]
        metrics = QuireMetrics(factory: factory)
    }

    /// Everything measured so far, in Prometheus's text format.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
