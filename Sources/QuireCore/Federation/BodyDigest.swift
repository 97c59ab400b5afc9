import Crypto
import Foundation

/// A request body's digest, as the two header fields carry it: `Digest: SHA-256=BASE64`
/// (RFC 3230, what draft-cavage signatures cover) and `Content-Digest: sha-256=:BASE64:`
/// (RFC 9530, what RFC 9421 signatures cover).
public enum BodyDigest {
    /// The `Digest` value for a body.
    public static func digestField(for body: some DataProtocol) -> String {
        "SHA-256=" + Data(SHA256.hash(data: body)).base64EncodedString()
    }

    /// The `Content-Digest` value for a body.
    public static func contentDigestField(for body: some DataProtocol) -> String {
        "sha-256=:" + Data(SHA256.hash(data: body)).base64EncodedString() + ":"
    }

    /// True when a `Digest` value names SHA-256 or SHA-512 and matches the body; every named
    /// algorithm Quire knows must match, and at least one must be named.
    public static func matches(digestField value: String, body: some DataProtocol) -> Bool {
        var checked = false
        for part in value.split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else { return false }
            let name = pair[..<equals].lowercased()
            let encoded = String(pair[pair.index(after: equals)...])
            guard let expected = Self.digest(named: name, of: body) else { continue }
            guard Data(base64Encoded: encoded) == expected else { return false }
            checked = true
        }
        return checked
    }

    /// True when a `Content-Digest` value names sha-256 or sha-512 and matches the body.
    public static func matches(contentDigestField value: String, body: some DataProtocol) -> Bool {
        var checked = false
        for part in value.split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else { return false }
            let name = pair[..<equals].lowercased()
            var encoded = pair[pair.index(after: equals)...]
            guard encoded.hasPrefix(":"), encoded.hasSuffix(":"), encoded.count >= 2 else { return false }
            encoded = encoded.dropFirst().dropLast()
            guard let expected = Self.digest(named: name, of: body) else { continue }
            guard Data(base64Encoded: String(encoded)) == expected else { return false }
            checked = true
        }
        return checked
    }

    private static func digest(named name: String, of body: some DataProtocol) -> Data? {
        switch name {
        case "sha-256": Data(SHA256.hash(data: body))
        case "sha-512": Data(SHA512.hash(data: body))
        default: nil
        }
    }
}
