import Hummingbird
import NIOCore

/// `GET /metrics` in Prometheus's text format, on its own server (`buildMetricsApplication`),
/// never on the blog's port: what the server counts is the operator's, not the readers'.
struct MetricsController<Context: RequestContext>: Sendable {
    let prometheus: PrometheusMetrics

    func addRoutes(to router: Router<Context>) {
        router.get("/metrics", use: metrics)
    }

    @Sendable func metrics(request: Request, context: Context) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: prometheus.exposition()))
        )
    }
}
