import CryptoExtras
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireCore
import Testing

/// The outbound rules (docs/federation.md, "Outbound requests") against a real server on a
/// loopback port: the refused addresses, redirects, limits and the blog's signature.
@Suite struct OutboundClientTests {
    /// A server standing for another site, on a real port; `body` gets its base URL.
    func remote(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.get("/hello") { _, _ in "hello" }
        router.get("/moved") { _, _ in Response(status: .found, headers: [.location: "/hello"]) }
        router.get("/loop") { _, _ in Response(status: .movedPermanently, headers: [.location: "/loop"]) }
        router.get("/elsewhere") { request, _ in
            Response(status: .temporaryRedirect, headers: [.location: request.uri.queryParameters["to"].map(String.init) ?? "/"])
        }
        router.get("/big") { _, _ in String(repeating: "x", count: 4096) }
        router.post("/inbox") { request, _ -> Response in
            // Echo what the signature covered, for the test to check.
            // HTTPTypes keeps Host as the request's authority, not among its fields.
            var fields = ["Host: \(request.head.authority ?? "")"]
            for field in request.headers { fields.append("\(field.name.canonicalName): \(field.value)") }
            let body = try await request.body.collect(upTo: 65_536)
            return Response(status: .accepted, body: .init(byteBuffer: ByteBuffer(string: fields.joined(separator: "\n") + "\n\n" + String(buffer: body))))
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    static func client(allowingPrivate: Bool = true) -> OutboundClient {
        OutboundClient(allowPrivateAddresses: allowingPrivate, timeout: .seconds(30), maxBodyBytes: 1024, maxRedirects: 3, userAgent: "Quire tests")
    }

    @Test func loopbackAndPrivateHostsAreRefusedBeforeAnyConnection() async throws {
        let client = Self.client(allowingPrivate: false)
        for url in ["http://127.0.0.1:9/x", "http://localhost:9/x", "http://[::1]:9/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data", "http://[::ffff:192.168.0.1]/"] {
            do {
                _ = try await client.send(OutboundRequest(url: url))
                Issue.record("\(url) was fetched")
            } catch {
                guard case .refusedAddress = error else { Issue.record("\(url): \(error)"); continue }
            }
        }
        for url in ["ftp://example.com/x", "file:///etc/passwd", "not a url", "http:///x"] {
            await #expect(throws: OutboundError.unreadableURL(url)) { _ = try await client.send(OutboundRequest(url: url)) }
        }
    }

    @Test func aRedirectIsFollowedAndCheckedAgainAtEachHop() async throws {
        try await remote { base in
            let client = Self.client()
            let moved = try await client.send(OutboundRequest(url: base + "/moved"))
            #expect(moved.status == 200 && String(decoding: moved.body, as: UTF8.self) == "hello" && moved.url == base + "/hello")
            await #expect(throws: OutboundError.tooManyRedirects(url: base + "/loop")) { _ = try await client.send(OutboundRequest(url: base + "/loop")) }
            // Only this server's own address is permitted: a redirect to another loopback address
            // is refused at its hop, as a redirect from a public host to a private one would be.
            var strict = client
            strict.permits = { $0 == IPAddress("127.0.0.1") }
            #expect(try await strict.send(OutboundRequest(url: base + "/hello")).status == 200)
            let port = URL(string: base)!.port!
            await #expect(throws: OutboundError.refusedAddress(url: "http://127.0.0.2:\(port)/hello", address: "127.0.0.2")) {
                _ = try await strict.send(OutboundRequest(url: base + "/elsewhere?to=http://127.0.0.2:\(port)/hello"))
            }
        }
    }

    @Test func anAnswerOverTheLimitOrAClosedPortIsAnError() async throws {
        try await remote { base in
            await #expect(throws: OutboundError.tooLarge(url: base + "/big", limit: 1024)) { _ = try await Self.client().send(OutboundRequest(url: base + "/big")) }
        }
        await #expect(throws: OutboundError.self) { _ = try await Self.client().send(OutboundRequest(url: "http://127.0.0.1:9/closed")) }
    }

    @Test func aSignedPostCarriesADigestAndASignatureTheBlogsPublicKeyVerifies() async throws {
        let key = BlogKey(privateKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
        let signer = BlogSigner(key: key, keyID: "https://blog.example/activitypub/actor#main-key", clock: WallClock { Date() })
        try await remote { base in
            let body = Array(#"{"type":"Follow"}"#.utf8)
            let response = try await Self.client().send(OutboundRequest(
                method: .POST, url: base + "/inbox", headers: [("Content-Type", "application/activity+json")], body: body, signer: signer
            ))
            #expect(response.status == 202)
            let echoed = String(decoding: response.body, as: UTF8.self)
            let parts = echoed.components(separatedBy: "\n\n")
            #expect(parts.last == #"{"type":"Follow"}"#)
            let fields = parts[0].split(separator: "\n").compactMap { line -> (name: String, value: String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), String(line[line.index(colon, offsetBy: 2)...]))
            }
            let message = SignedMessage(method: "POST", target: "/inbox", fields: fields, scheme: "http")
            #expect(message.field("host") == "127.0.0.1:\(URL(string: base)!.port!)")
            #expect(BodyDigest.matches(digestField: message.field("digest") ?? "", body: body))
            let signature = try CavageSignature(header: message.field("signature") ?? "")
            #expect(signature.headers == ["(request-target)", "host", "date", "digest"])
            #expect(signature.keyID == "https://blog.example/activitypub/actor#main-key")
            try signature.verify(message, publicKey: key.privateKey.publicKey)
        }
    }
}
