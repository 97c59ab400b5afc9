import Hummingbird
import Logging
import QuireCore

/// `GET /healthz`: whether the database answers.
struct HealthController<Context: RequestContext>: Sendable {
    let store: BlogDatabase

    private struct Health: Encodable, Sendable {
        var status: String
    }

    func addRoutes(to router: Router<Context>) {
        router.get("/healthz", use: health)
    }

    @Sendable func health(request: Request, context: Context) async throws -> JSONBody<some Encodable & Sendable> {
        do {
            try await store.ping()
            return JSONBody(value: Health(status: "ok"))
        } catch {
            context.logger.error("Health check failed: the database does not answer", metadata: ["error": "\(error)"])
            return JSONBody(value: Health(status: "unavailable"), status: .serviceUnavailable)
        }
    }
}
