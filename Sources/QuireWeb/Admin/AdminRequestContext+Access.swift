import Hummingbird
import QuireCore

extension AdminRequestContext {
    /// The signed-in user; the guard middleware has already sent anyone else to sign in.
    func user() throws -> User {
        guard let user = signedIn?.user else { throw HTTPError(.forbidden, message: "Sign in first.") }
        return user
    }

    /// The signed-in user when they are an admin; an author is refused with 403.
    func admin() throws -> User {
        let user = try user()
        guard user.role == .admin else { throw HTTPError(.forbidden, message: "Only an admin can do this.") }
        return user
    }

    /// The submitted form (`AdminGuardMiddleware` read it before the route ran).
    var form: FormFields {
        adminForm ?? FormFields(values: [:])
    }

    /// A numeric route parameter, or 404.
    func id(_ name: String = "id") throws -> Int64 {
        guard let id = parameters.get(name, as: Int64.self), id > 0 else { throw HTTPError(.notFound) }
        return id
    }
}
