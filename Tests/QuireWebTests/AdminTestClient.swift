import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore

/// A browser signed in to a test site's admin: it keeps the session cookie, reads each form's
/// `csrf_token` from the page, and sends forms with the site's `Origin`, as a browser would.
struct AdminBrowser: Sendable {
    static let origin = "https://blog.example"
    let client: any TestClientProtocol
    var cookie: String?

    /// A user made in the store with a password, then signed in through the form.
    static func signIn(
        _ client: any TestClientProtocol, site: TestSite, email: String = "ann@example.com", name: String = "Ann",
        role: UserRole = .admin, password: String = "a long enough password"
    ) async throws -> AdminBrowser {
        try await site.addUser(email: email, name: name, role: role, password: password)
        var browser = AdminBrowser(client: client)
        let response = try await browser.submit("/admin/login", form: "/admin/login", [("email", email), ("password", password)])
        guard response.status == .seeOther else { throw AdminTestError.signInFailed(response.status) }
        return browser
    }

    init(client: any TestClientProtocol, cookie: String? = nil) {
        self.client = client
        self.cookie = cookie
    }

    func get(_ uri: String) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "\(AdminBrowser.cookieName)=\(cookie)" }
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    /// The `csrf_token` of the first form on the page at `uri`.
    func csrfToken(on uri: String) async throws -> String {
        let html = try await get(uri).text
        guard let range = html.range(of: #"name="csrf_token" value=""#) else { throw AdminTestError.noToken(uri) }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Sends a form to `uri` with the token from the page at `form`, as a browser would; keeps
    /// a cookie the answer sets.
    @discardableResult
    mutating func submit(_ uri: String, form: String, _ fields: [(String, String)], token: String? = nil) async throws -> TestResponse {
        var token = token
        if token == nil { token = try await csrfToken(on: form) }
        let response = try await post(uri, fields + [("csrf_token", token ?? "")])
        if let set = response.headers[values: .setCookie].first(where: { $0.hasPrefix(AdminBrowser.cookieName + "=") }) {
            let value = set.dropFirst(AdminBrowser.cookieName.count + 1).prefix { $0 != ";" }
            cookie = value.isEmpty ? nil : String(value)
        }
        return response
    }

    /// A raw POST with exactly these fields and headers (no token is added).
    func post(_ uri: String, _ fields: [(String, String)], origin: String? = AdminBrowser.origin) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let origin { headers[.origin] = origin }
        if let cookie { headers[.cookie] = "\(AdminBrowser.cookieName)=\(cookie)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: formEncoded(fields)))
    }

    static let cookieName = "quire_session"
}

enum AdminTestError: Error {
    case signInFailed(HTTPResponse.Status)
    case noToken(String)
}

extension TestSite {
    /// Adds a user who has set their password.
    @discardableResult
    func addUser(email: String, name: String, role: UserRole, password: String) async throws -> User {
        let users = blog.users
        let user = try await users.create(email: email, name: name, role: role, now: clock.now)
        let link = try await users.signInLink(forUserID: user.id ?? 0, now: clock.now)
        return try await users.setPassword(hash: await PasswordHasher(cost: 4).hash(password), link: link, now: clock.now)
    }
}

extension AdminBrowser {
    /// Sends a `multipart/form-data` form with files, as a browser does for a form with a file
    /// input, with the token from the page at `form`.
    func upload(_ uri: String, form: String, _ fields: [(String, String)], files: [(name: String, filename: String, bytes: [UInt8])]) async throws -> TestResponse {
        var body = MultipartBody()
        body.field("csrf_token", try await csrfToken(on: form))
        for (name, value) in fields { body.field(name, value) }
        for file in files { body.file(file.name, filename: file.filename, file.bytes) }
        var headers: HTTPFields = [.contentType: MultipartBody.contentType, .origin: AdminBrowser.origin]
        if let cookie { headers[.cookie] = "\(AdminBrowser.cookieName)=\(cookie)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: body.buffer)
    }
}
