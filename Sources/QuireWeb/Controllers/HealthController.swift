import Hummingbird
import Logging
import QuireCore

/// `GET /healthz`: whether the database answers.
struct HealthController<Context: RequestContext>: Sendable {
    let database: AppDatabase

    private struct Health: Encodable, Sendable {
        var status: String
    }

    func addRoutes(to router: Router<Context>) {
        router.get("/healthz", use: health)
    }

    @Sendable func health(request: Request, context: Context) async throws -> JSONBody<some Encodable & Sendable> {
        do {
            try await database.ping()
            return JSONBody(value: Health(status: "ok"))
        } catch {
            context.logger.error("Health check failed: the database does not answer", metadata: ["error": "\(error)"])
            return JSONBody(value: Health(status: "unavailable"), status: .serviceUnavailable)
        }
    }
}
