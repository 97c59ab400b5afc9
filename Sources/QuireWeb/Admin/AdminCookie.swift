import Hummingbird
import QuireCore

/// The `quire_session` cookie (SPEC §9): HttpOnly, SameSite=Lax, and Secure when the site is
/// served over https. Its path is `/` so that public pages can tell a signed-in reader (whose
/// visits the stats leave out) without asking the database.
struct AdminCookie: Sendable {
    static let name = "quire_session"
    let secure: Bool

    init(baseURL: String) {
        secure = baseURL.lowercased().hasPrefix("https://")
    }

    /// The session token a request carries, if any.
    static func token(in request: Request) -> String? {
        request.cookies[name]?.value
    }

    func setting(_ token: String) -> Cookie {
        Cookie(name: Self.name, value: token, maxAge: Int(UserSession.absoluteLifetime), path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func clearing() -> Cookie {
        Cookie(name: Self.name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
