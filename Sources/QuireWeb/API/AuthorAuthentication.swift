import Foundation
import Hummingbird
import QuireCore

/// Checks `Authorization: Bearer TOKEN` against the tokens made by `quire token create`.
struct AuthorAuthentication: Sendable {
    let tokens: any AuthorTokenStore
    let clock: WallClock

    /// Whether the request carries a valid author token.
    func isAuthor(_ request: Request) async throws -> Bool {
        guard let header = request.headers[.authorization] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        return try await tokens.isValid(String(parts[1]).trimmingCharacters(in: .whitespaces), now: clock.now())
    }

    /// Throws a 401 problem with `WWW-Authenticate: Bearer` unless the request has a valid token.
    func requireAuthor(_ request: Request) async throws {
        guard try await isAuthor(request) else { throw Self.unauthorized }
    }

    static var unauthorized: Problem {
        Problem(.unauthorized, "This needs an author's token: send Authorization: Bearer TOKEN, with a token from `quire token create`.", headers: [.wwwAuthenticate: "Bearer"])
    }
}
