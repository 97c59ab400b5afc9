import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct AuthoringAPITests {
    func withAuthor(_ engine: DatabaseEngine, _ body: @escaping @Sendable (any TestClientProtocol, HTTPFields) async throws -> Void) async throws {
        try await TestSite().on(engine) { site in
            let token = try await site.blog.tokens.create(name: "t", now: Date())
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            try await site.test { client in try await body(client, headers) }
        }
    }

    func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ json: String, _ headers: HTTPFields) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: json))
    }

    @Test(arguments: TestPostgres.engines)
    func writesNeedAToken(engine: DatabaseEngine) async throws {
        try await withAuthor(engine) { client, _ in
            for (method, uri) in [(HTTPRequest.Method.post, "/api/posts"), (.put, "/api/posts/x"), (.delete, "/api/posts/x")] {
                let response = try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func createReplaceRenameAndDelete(engine: DatabaseEngine) async throws {
        try await withAuthor(engine) { client, auth in
            let created = try await send(client, .post, "/api/posts", #"{"title":"Hello API","body_markdown":"*hi*","status":"published","tags":["One","Two"],"featured_image":{"url":"/static/images/welcome.png","alt":"Sheets"}}"#, auth)
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/posts/hello-api")
            let post = try #require(try created.json()["post"] as? [String: Any])
            #expect(post["status"] as? String == "published")
            #expect(post["body_html"] as? String == "<p><em>hi</em></p>")
            #expect(post["tags"] as? [String] == ["One", "Two"])
            #expect(try await client.execute(uri: "/posts/hello-api", method: .get).status == .ok)

            let duplicate = try await send(client, .post, "/api/posts", #"{"title":"Other","slug":"hello-api","body_markdown":"x"}"#, auth)
            #expect(duplicate.status == .conflict)
            #expect(try duplicate.json()["errors"] as? [String: String] == ["slug": "is already taken"])

            let renamed = try await send(client, .put, "/api/posts/hello-api", #"{"title":"Hello again","slug":"hello-again","body_markdown":"new"}"#, auth)
            #expect(renamed.status == .ok)
            #expect((try renamed.json()["post"] as? [String: Any])?["slug"] as? String == "hello-again")
            let old = try await client.execute(uri: "/posts/hello-api", method: .get)
            #expect(old.status == .movedPermanently)
            #expect(old.headers[.location] == "/posts/hello-again")
            let oldAPI = try await client.execute(uri: "/api/posts/hello-api", method: .get)
            #expect(oldAPI.status == .movedPermanently)
            #expect(oldAPI.headers[.location] == "/api/posts/hello-again")

            #expect(try await send(client, .put, "/api/posts/missing", #"{"title":"x","body_markdown":"x"}"#, auth).status == .notFound)
            #expect(try await client.execute(uri: "/api/posts/hello-again", method: .delete, headers: auth).status == .noContent)
            #expect(try await client.execute(uri: "/api/posts/hello-again", method: .delete, headers: auth).status == .notFound)
            #expect(try await client.execute(uri: "/posts/hello-again", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/posts/hello-api", method: .get).status == .notFound)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func scheduledAndDraftPostsStayPrivate(engine: DatabaseEngine) async throws {
        try await withAuthor(engine) { client, auth in
            let future = "2999-01-01T00:00:00Z"
            let scheduled = try await send(client, .post, "/api/posts", #"{"title":"Later","body_markdown":"x","status":"published","published_at":"\#(future)"}"#, auth)
            #expect((try scheduled.json()["post"] as? [String: Any])?["status"] as? String == "scheduled")
            let draft = try await send(client, .post, "/api/posts", #"{"title":"Draft","body_markdown":"x"}"#, auth)
            #expect((try draft.json()["post"] as? [String: Any])?["status"] as? String == "draft")
            let edited = try await send(client, .put, "/api/posts/draft", #"{"title":"Draft","body_markdown":"edited"}"#, auth)
            #expect((try edited.json()["post"] as? [String: Any])?["status"] as? String == "draft")
            #expect(try await client.execute(uri: "/posts/later", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/posts/draft", method: .get).status == .notFound)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func putHonoursIfMatchWithThePostsVersion(engine: DatabaseEngine) async throws {
        try await withAuthor(engine) { client, auth in
            let created = try await send(client, .post, "/api/posts", #"{"title":"Versioned","body_markdown":"one"}"#, auth)
            let first = try #require(created.headers[.eTag])
            #expect(first.hasPrefix("\"post-") && first.contains("-v1-"))
            var read = auth
            read[.contentType] = nil
            #expect(try await client.execute(uri: "/api/posts/versioned", method: .get, headers: read).headers[.eTag] == first)
            var matching = auth
            matching[.ifMatch] = first
            let saved = try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"two"}"#, matching)
            #expect(saved.status == .ok)
            let second = try #require(saved.headers[.eTag])
            #expect(second != first && second.contains("-v2-"))
            // The first version is gone: a PUT that names it changes nothing.
            let stale = try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"lost?"}"#, matching)
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.json()["status"] as? Int == 412)
            // A body that would be refused anyway is refused as such, whatever If-Match says.
            #expect(try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"x","comments_open":{}}"#, matching).status == .unprocessableContent)
            #expect(try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"x","featured_image":{"url":""}}"#, matching).status == .unprocessableContent)
            var weak = auth
            weak[.ifMatch] = "W/" + second
            #expect(try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"weak"}"#, weak).status == .preconditionFailed)
            var any = auth
            any[.ifMatch] = "\"nope\", " + second
            #expect(try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"three"}"#, any).status == .ok)
            let body = try #require(try await client.execute(uri: "/api/posts/versioned", method: .get, headers: read).json()["post"] as? [String: Any])
            #expect(body["body_markdown"] as? String == "three")
            // A gzipped answer's tag (…-gzip) names the same version.
            var gzip = read
            gzip[.acceptEncoding] = "gzip"
            let long = String(repeating: "Long enough to be worth compressing. ", count: 60)
            #expect(try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"\#(long)"}"#, any).status == .preconditionFailed)
            let plain = try #require(try await client.execute(uri: "/api/posts/versioned", method: .get, headers: read).headers[.eTag])
            var current = auth
            current[.ifMatch] = plain
            #expect(try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"\#(long)"}"#, current).status == .ok)
            let zipped = try #require(try await client.execute(uri: "/api/posts/versioned", method: .get, headers: gzip).headers[.eTag])
            #expect(zipped.hasSuffix("-gzip\""))
            current[.ifMatch] = zipped
            #expect(try await send(client, .put, "/api/posts/versioned", #"{"title":"Versioned","body_markdown":"four"}"#, current).status == .ok)
        }
    }

    @Test(arguments: [
        (#"{}"#, ["title": "is required", "body_markdown": "is required"]),
        (#"{"title":5,"body_markdown":"x"}"#, ["title": "must be a string"]),
        (#"{"title":"T","body_markdown":"x","tags":"a"}"#, ["tags": "must be an array of strings"]),
        (#"{"title":"T","body_markdown":"x","status":"live"}"#, ["status": "must be one of draft, published, scheduled"]),
        (#"{"title":"T","body_markdown":"x","published_at":"yesterday"}"#, ["published_at": "must be an RFC 3339 date such as 2026-05-01T09:00:00Z"]),
        (#"{"title":"T","body_markdown":"x","comments_open":"yes"}"#, ["comments_open": "must be true or false"]),
        (#"{"title":"T","body_markdown":"x","featured_image":{"alt":"no url"}}"#, ["featured_image.url": "is required"]),
        (#"{"title":"   ","body_markdown":"x"}"#, ["title": "is required"]),
        (#"{"title":"T","slug":"Bad Slug","body_markdown":"x"}"#, ["slug": "may hold only lowercase letters, digits and hyphens"]),
    ])
    func badPostBodiesAre422NamingTheField(json: String, errors: [String: String]) async throws {
        try await withAuthor(.sqlite) { client, auth in
            let response = try await send(client, .post, "/api/posts", json, auth)
            #expect(response.status == .unprocessableContent)
            #expect(try response.json()["errors"] as? [String: String] == errors)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func postsRouteAllowsGetAndPost(engine: DatabaseEngine) async throws {
        try await withAuthor(engine) { client, auth in
            let response = try await client.execute(uri: "/api/posts", method: .patch, headers: auth)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, POST, HEAD")
            #expect(try await send(client, .post, "/api/posts", "{", auth).status == .badRequest)
        }
    }
}
