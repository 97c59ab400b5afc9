import CryptoExtras
import Foundation
import Testing

@testable import QuireCore

/// draft-cavage-http-signatures-12's own test values (Appendix C, Tests/Fixtures/http-signatures,
/// where cavage-12.md says where each came from), and what a verifier must refuse.
struct CavageSignatureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/http-signatures")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// The draft's key is 1024 bits, which only the `unsafe` initialisers read.
    static func publicKey() throws -> _RSA.Signing.PublicKey {
        try _RSA.Signing.PublicKey(unsafePEMRepresentation: fixture("cavage-test-public.pem"))
    }

    static func privateKey() throws -> _RSA.Signing.PrivateKey {
        try _RSA.Signing.PrivateKey(unsafePEMRepresentation: fixture("cavage-test-private.pem"))
    }

    static let body = Data(#"{"hello": "world"}"#.utf8)

    /// The draft's request: `POST /foo?param=value&pet=dog` with its headers.
    static func request(date: String = "Sun, 05 Jan 2014 21:31:40 GMT", dropping dropped: String? = nil) -> SignedMessage {
        let fields = [
            ("Host", "example.com"), ("Date", date), ("Content-Type", "application/json"),
            ("Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="), ("Content-Length", "18"),
        ].filter { $0.0 != dropped }
        return SignedMessage(method: "POST", target: "/foo?param=value&pet=dog", fields: fields.map { (name: $0.0, value: $0.1) })
    }

    static let defaultTest = #"keyId="Test",algorithm="rsa-sha256",signature="SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz6m79cNfwwb8DMJ5cou1s7uEGKKCs+FLEEaDV5lp7q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYGEtbGmtdHgVCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM=""#
    static let basicSignature = "qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0="
    static let allHeadersTest = #"keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date content-type digest content-length",signature="vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52LaEUHFv120V01IL+TAD48XaERZFukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE=""#

    @Test func theDefaultTestCoversTheDateAndVerifies() throws {
        let signature = try CavageSignature(header: Self.defaultTest)
        #expect(signature.keyID == "Test" && signature.headers == ["date"])
        try signature.verify(Self.request(), publicKey: try Self.publicKey())
    }

    @Test func theBasicTestIsSignedToTheDraftsExactSignature() throws {
        let headers = ["(request-target)", "host", "date"]
        #expect(try CavageSignature.signingString(covering: headers, of: Self.request()) == Self.fixture("cavage-c2-signing-string.txt"))
        let signature = try CavageSignature.sign(Self.request(), covering: headers, keyID: "Test", with: try Self.privateKey())
        #expect(signature.signature.base64EncodedString() == Self.basicSignature)
        #expect(signature.headerValue == #"keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date",signature="\#(Self.basicSignature)""#)
        try signature.verify(Self.request(), publicKey: try Self.publicKey())
    }

    @Test func theAllHeadersTestVerifiesAndItsDigestMatchesTheBody() throws {
        let signature = try CavageSignature(header: Self.allHeadersTest)
        #expect(try CavageSignature.signingString(covering: signature.headers, of: Self.request()) == Self.fixture("cavage-c3-signing-string.txt"))
        try signature.verify(Self.request(), publicKey: try Self.publicKey())
        try signature.requireCovered(["(request-target)", "host", "date", "digest"])
        #expect(BodyDigest.matches(digestField: try #require(Self.request().field("digest")), body: Self.body))
        #expect(BodyDigest.digestField(for: Self.body) == "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=")
        #expect(!BodyDigest.matches(digestField: "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", body: Data(#"{"hello": "w0rld"}"#.utf8)))
        #expect(!BodyDigest.matches(digestField: "MD5=abc", body: Self.body))
    }

    @Test func aChangedOrIncompleteRequestIsRefused() throws {
        let signature = try CavageSignature(header: Self.allHeadersTest)
        let key = try Self.publicKey()
        #expect(throws: SignatureError.badSignature) { try signature.verify(Self.request(date: "Sun, 05 Jan 2014 21:31:41 GMT"), publicKey: key) }
        #expect(throws: SignatureError.missingCoveredField("host")) { try signature.verify(Self.request(dropping: "Host"), publicKey: key) }
        var other = signature
        other.algorithm = "hmac-sha256"
        #expect(throws: SignatureError.unsupportedAlgorithm("hmac-sha256")) { try other.verify(Self.request(), publicKey: key) }
        let basic = try CavageSignature(header: #"keyId="Test",headers="(request-target) host date",signature="\#(Self.basicSignature)""#)
        #expect(throws: SignatureError.uncoveredField("digest")) { try basic.requireCovered(["(request-target)", "host", "date", "digest"]) }
        for bad in ["", #"keyId="Test""#, #"keyId="Test",signature="not base64!""#, #"keyId="Test,signature="abc=""#, #"keyId="a",keyId="b",signature="""#] {
            #expect(throws: SignatureError.self) { try CavageSignature(header: bad) }
        }
    }

    @Test func theDateMustBeWithinAnHourOfNow() throws {
        let now = Date(timeIntervalSince1970: 1_388_957_500)  // Sun, 05 Jan 2014 21:31:40 GMT
        #expect(SignatureDate.field(for: now) == "Sun, 05 Jan 2014 21:31:40 GMT")
        try SignatureDate.check("Sun, 05 Jan 2014 21:31:40 GMT", now: now.addingTimeInterval(3599))
        #expect(throws: SignatureError.staleDate) { try SignatureDate.check("Sun, 05 Jan 2014 21:31:40 GMT", now: now.addingTimeInterval(3601)) }
        #expect(throws: SignatureError.staleDate) { try SignatureDate.check("Sun, 05 Jan 2014 21:31:40 GMT", now: now.addingTimeInterval(-3601)) }
        #expect(throws: SignatureError.self) { try SignatureDate.check("yesterday", now: now) }
        #expect(throws: SignatureError.self) { try SignatureDate.check(nil, now: now) }
    }

    /// Quire's own keys are 2048-bit RSA: what it signs, it (and any peer) verifies.
    @Test func aRequestSignedWithANewKeyVerifiesAndItsHeaderReadsBack() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let message = SignedMessage(method: "POST", target: "/inbox", fields: [
            (name: "Host", value: "peer.example"), (name: "Date", value: SignatureDate.field(for: Date())),
            (name: "Digest", value: BodyDigest.digestField(for: Self.body)),
        ])
        let signature = try CavageSignature.sign(message, covering: ["(request-target)", "host", "date", "digest"], keyID: "https://blog.example/activitypub/actor#main-key", with: key)
        let read = try CavageSignature(header: signature.headerValue)
        #expect(read == signature)
        try read.verify(message, publicKey: try _RSA.Signing.PublicKey(pemRepresentation: key.publicKey.pemRepresentation))
    }
}
