import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/openapi.json` and its agreement with the router. CI also validates the document
/// with openapi-spec-validator and runs schemathesis against a live server
/// (`scripts/api-contract-test.sh`).
@Suite struct OpenAPITests {
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    @Test func documentIsServedAsOpenAPI31JSON() async throws {
        try await TestSite().test { client in
            let response = try await client.execute(uri: "/api/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.headers[.eTag] != nil)
            let document = try response.json()
            #expect(document["openapi"] as? String == "3.1.0")
            let components = document["components"] as? [String: Any]
            let schemes = components?["securitySchemes"] as? [String: [String: Any]]
            #expect(schemes?["bearerAuth"]?["scheme"] as? String == "bearer")
        }
    }

    /// Every method the document gives a path is routed, and every other one is a 405.
    @Test func documentAndRouterAgreeOnEveryPathAndMethod() async throws {
        try await TestSite().test { client in
            let document = try await client.execute(uri: "/api/openapi.json", method: .get).json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths.count == 12)
            for (path, operations) in paths {
                let uri = path.replacingOccurrences(of: "{slug}", with: "no-such-post").replacingOccurrences(of: "{id}", with: "999")
                for method in Self.methods {
                    let response = try await client.execute(uri: uri, method: method)
                    let documented = operations[method.rawValue.lowercased()] != nil
                    if documented {
                        #expect(response.status != .methodNotAllowed, "\(method) \(path) is documented but not routed")
                        #expect(!response.text.contains("No API route matches"), "\(method) \(path)")
                    } else {
                        #expect(response.status == .methodNotAllowed, "\(method) \(path) is routed but not documented")
                    }
                }
            }
        }
    }

    @Test func anUnknownMethodOnAKnownPathIs405() async throws {
        try await TestSite().test { client in
            let response = try await client.execute(uri: "/api/posts", method: HTTPRequest.Method("QUERY")!)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, POST, HEAD")
        }
    }
}
