import CryptoExtras
import Foundation
import Testing

@testable import QuireCore

/// RFC 9421's own examples (Appendix B.2 and section 4.3, Tests/Fixtures/http-signatures,
/// rfc9421.md says where each came from): the signature bases are made byte for byte and the
/// signatures verify with the RFC's test keys.
struct MessageSignatureTests {
    static func fixture(_ name: String) throws -> String { try CavageSignatureTests.fixture(name) }

    static let contentDigest = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"

    /// The RFC's test request (B.2), with the given signature fields.
    static func request(input: String, signature: String, host: String = "example.com", date: String = "Tue, 20 Apr 2021 02:07:55 GMT", extra: [(String, String)] = []) -> SignedMessage {
        let fields = [
            ("Host", host), ("Date", date), ("Content-Type", "application/json"), ("Content-Digest", contentDigest),
            ("Content-Length", "18"),
        ] + extra + [("Signature-Input", input), ("Signature", signature)]
        return SignedMessage(method: "POST", target: "/foo?param=Value&Pet=dog", fields: fields.map { (name: $0.0, value: $0.1) })
    }

    static let minimal = request(
        input: #"sig-b21=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd""#,
        signature: "sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgFWhzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==:"
    )
    static let selective = request(
        input: #"sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example""#,
        signature: "sig-b22=:LjbtqUbfmvjj5C5kr1Ugj4PmLYvx9wVjZvD9GsTT4F7GrcQEdJzgI9qHxICagShLRiLMlAJjtq6N4CDfKtjvuJyE5qH7KT8UCMkSowOB4+ECxCmT8rtAmj/0PIXxi0A0nxKyB09RNrCQibbUjsLS/2YyFYXEu4TRJQzRw1rLEuEfY17SARYhpTlaqwZVtR8NV7+4UKkjqpcAoFqWFQh62s7Cl+H2fjBSpqfZUJcsIk4N6wiKYd4je2U/lankenQ99PZfB4jY3I5rSV2DSBVkSFsURIjYErOs0tFTQosMTAoxk//0RoKUqiYY8Bh0aaUEb0rQl3/XaVe4bXTugEjHSw==:"
    )
    static let full = request(
        input: #"sig-b23=("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss""#,
        signature: "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:"
    )
    /// Section 4.3's `proxy_sig`: rsa-v1_5-sha256 with test-key-rsa, over the message as a proxy changed it.
    static let proxy = request(
        input: #"proxy_sig=("@method" "@authority" "@path" "content-digest" "content-type" "content-length" "forwarded");created=1618884480;keyid="test-key-rsa";alg="rsa-v1_5-sha256";expires=1618884540"#,
        signature: "proxy_sig=:S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/fRad4BCaRZxP+JH+8XY1I6+8Cy+CM5g92iHgxtRPz+MjniOaYmdkDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcasqOWAEObtNKKZd8tSFu7LB5YAv0RAGhB8tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0B6NMNk93wUs/vfJvye+YuI87HU38lZHowtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==:",
        host: "origin.host.internal.example", date: "Tue, 20 Apr 2021 02:07:56 GMT",
        extra: [("Forwarded", "for=192.0.2.123;host=example.com;proto=https")]
    )

    @Test(arguments: [(minimal, "rfc9421-b21-signature-base.txt"), (selective, "rfc9421-b22-signature-base.txt"), (full, "rfc9421-b23-signature-base.txt")])
    func theAppendixExamplesAreMadeByteForByteAndVerify(message: SignedMessage, base: String) throws {
        let key = try _RSA.Signing.PublicKey(pemRepresentation: Self.fixture("rfc9421-test-key-rsa-pss-public.pem"))
        let signature = try #require(try MessageSignature.all(in: message).first)
        #expect(signature.keyID == "test-key-rsa-pss" && signature.created == 1_618_884_473)
        #expect(try signature.signatureBase(for: message) == Self.fixture(base))
        try signature.verify(message, publicKey: key, keyAlgorithm: "rsa-pss-sha512")
    }

    @Test func theProxySignatureVerifiesWithPKCS1() throws {
        let key = try _RSA.Signing.PublicKey(pemRepresentation: Self.fixture("rfc9421-test-key-rsa-public.pem"))
        let signature = try #require(try MessageSignature.all(in: Self.proxy).first)
        #expect(signature.algorithm == "rsa-v1_5-sha256" && signature.expires == 1_618_884_540)
        #expect(try signature.signatureBase(for: Self.proxy) == Self.fixture("rfc9421-4.3-proxy_sig-signature-base.txt"))
        try signature.verify(Self.proxy, publicKey: key)
        try signature.requireCovered(["@method", "@authority", "@path", "content-digest"])
        #expect(throws: SignatureError.uncoveredField("date")) { try signature.requireCovered(["date"]) }
    }

    @Test func aChangedRequestOrAnUnknownAlgorithmIsRefused() throws {
        let key = try _RSA.Signing.PublicKey(pemRepresentation: Self.fixture("rfc9421-test-key-rsa-pss-public.pem"))
        let changed = Self.request(
            input: try #require(Self.full.field("signature-input")), signature: try #require(Self.full.field("signature")),
            date: "Tue, 20 Apr 2021 02:07:56 GMT"
        )
        let signature = try #require(try MessageSignature.all(in: changed).first)
        #expect(throws: SignatureError.badSignature) { try signature.verify(changed, publicKey: key, keyAlgorithm: "rsa-pss-sha512") }
        #expect(throws: SignatureError.unsupportedAlgorithm("ed25519")) { try signature.verify(changed, publicKey: key, keyAlgorithm: "ed25519") }
        let unsigned = SignedMessage(method: "POST", target: "/inbox", fields: [(name: "Host", value: "blog.example")])
        #expect(throws: SignatureError.missingSignature) { try MessageSignature.all(in: unsigned) }
        let garbled = Self.request(input: "sig=(", signature: "sig=:abc=:")
        #expect(throws: SignatureError.self) { try MessageSignature.all(in: garbled) }
    }
}
