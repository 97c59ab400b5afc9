import Hummingbird
import Synchronization

/// Registers the JSON API's routes and remembers which methods each path takes, so that any
/// other method on a known path (`TRACE`, `QUERY`, …) is answered 405 with `Allow` rather
/// than 404.
final class APIRoutes<Context: RequestContext> {
    let router: Router<Context>
    let methods: APIMethodTable

    init(router: Router<Context>, methods: APIMethodTable) {
        self.router = router
        self.methods = methods
    }

    func on(
        _ path: String,
        method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        methods.add(method, path: path)
    }
}

/// The API's paths (`/api/posts/:slug`) and the methods each takes. Filled while the router
/// is built, read by `APIErrorMiddleware` when a request matched no route.
final class APIMethodTable: Sendable {
    private struct Entry {
        var segments: [Substring]
        var methods: [HTTPRequest.Method]
    }

    private let entries = Mutex<[Entry]>([])

    func add(_ method: HTTPRequest.Method, path: String) {
        let segments = Self.segments(path)
        entries.withLock { entries in
            if let index = entries.firstIndex(where: { $0.segments == segments }) {
                entries[index].methods.append(method)
            } else {
                entries.append(Entry(segments: segments, methods: [method]))
            }
        }
    }

    /// The `Allow` value for a request path that matches a known route, or nil.
    func allowHeader(forPath path: String) -> String? {
        let requested = Self.segments(path)
        let methods = entries.withLock { entries in
            entries.first { entry in
                entry.segments.count == requested.count
                    && zip(entry.segments, requested).allSatisfy { pattern, segment in pattern.hasPrefix(":") || pattern == segment }
            }?.methods
        }
        guard let methods else { return nil }
        var names = methods.map(\.rawValue)
        if methods.contains(.get) { names.append("HEAD") }
        return names.joined(separator: ", ")
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
