import CoreMetrics
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuireCore
import Synchronization

/// Records every answer once its last byte is handed to the connection: the request count and
/// latency by route and status for `/metrics`, and one access-log line (`AccessLogLine`). The
/// outermost middleware, so that it sees the status the client gets.
struct RequestRecordingMiddleware<Context: PageCachingRequestContext>: RouterMiddleware {
    let metrics: QuireMetrics
    /// Where the access log goes; `quire.access`, at `info`.
    let accessLog: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            record(request, context, status: status, bytes: 0, since: start)
            throw error
        }
        let body = response.body
        let status = response.status
        // The router answers HEAD with a body of its own, which would drop this one's record.
        if request.method == .head {
            record(request, context, status: status, bytes: 0, since: start)
            return response
        }
        if let length = body.contentLength {
            response.body = ResponseBody(contentLength: length) { writer in
                defer { record(request, context, status: status, bytes: length, since: start) }
                try await body.write(writer)
            }
        } else {
            let written = Atomic<Int>(0)
            let counted = body.map { buffer in
                written.add(buffer.readableBytes, ordering: .relaxed)
                return buffer
            }
            response.body = ResponseBody { writer in
                defer { record(request, context, status: status, bytes: written.load(ordering: .relaxed), since: start) }
                try await counted.write(writer)
            }
        }
        return response
    }

    private func record(_ request: Request, _ context: Context, status: HTTPResponse.Status, bytes: Int, since start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        if metrics.isOn {
            metrics.requests(method: method, route: route, status: status.code).increment()
            metrics.requestDuration(method: method, route: route, status: status.code).recordNanoseconds(duration.nanoseconds)
        }
        let line = AccessLogLine(
            method: method, path: request.uri.path, status: status.code, bytes: bytes, duration: duration, cache: context.responseNotes.cacheStatus
        )
        accessLog.info("\(line)", metadata: line.metadata)
    }
}
