import Hummingbird

/// Registers the JSON API's routes and answers every other method on their paths with a 405
/// problem that lists the allowed ones in `Allow`.
final class APIRoutes<Context: RequestContext> {
    let router: Router<Context>
    private var methods: [String: [HTTPRequest.Method]] = [:]
    private var order: [String] = []

    init(router: Router<Context>) {
        self.router = router
    }

    func on(
        _ path: String,
        method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        if methods[path] == nil { order.append(path) }
        methods[path, default: []].append(method)
    }

    /// Adds the 405 answers; call once, after every API route is registered.
    func addMethodNotAllowedRoutes() {
        let candidates: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for path in order {
            let allowed = methods[path] ?? []
            var allowNames = allowed.map(\.rawValue)
            if allowed.contains(.get) { allowNames.append("HEAD") }
            let allow = allowNames.joined(separator: ", ")
            for method in candidates where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw Problem(.methodNotAllowed, "\(method.rawValue) is not allowed here; use \(allow).", headers: [.allow: allow])
                }
            }
        }
    }
}
