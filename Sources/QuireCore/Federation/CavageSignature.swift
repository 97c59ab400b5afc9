import CryptoExtras
import Crypto
import Foundation

/// A `Signature` header as draft-cavage-http-signatures-12 defines it, which is how Mastodon and
/// most of the fediverse sign requests: `keyId="…",algorithm="…",headers="…",signature="…"`. The
/// signed string has one line per covered header, `name: value`, in the order given;
/// `(request-target)` is the method in lowercase and the path with its query. Quire signs with
/// `rsa-sha256` (RSASSA-PKCS1-v1_5 over SHA-256) and accepts that and `hs2019` with an RSA key.
public struct CavageSignature: Sendable, Equatable {
    public var keyID: String
    /// As the header names it; nil when it names none (read as `hs2019`).
    public var algorithm: String?
    /// The covered headers, lowercase, in order; `date` when the header names none.
    public var headers: [String]
    public var signature: Data
    /// The `created` and `expires` parameters (seconds since 1970), for `hs2019`.
    public var created: Int?
    public var expires: Int?

    public init(keyID: String, algorithm: String?, headers: [String], signature: Data, created: Int? = nil, expires: Int? = nil) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.headers = headers
        self.signature = signature
        self.created = created
        self.expires = expires
    }

    /// Reads a `Signature` header's value.
    public init(header value: String) throws(SignatureError) {
        let parameters = try Self.parameters(value)
        guard let keyID = parameters["keyid"], !keyID.isEmpty else { throw .malformed("no keyId") }
        guard let encoded = parameters["signature"], let signature = Data(base64Encoded: encoded) else { throw .malformed("no signature in base64") }
        let headers = parameters["headers"].map { $0.split(separator: " ").map { $0.lowercased() } } ?? ["date"]
        guard !headers.isEmpty else { throw .malformed("an empty headers list") }
        var created: Int?
        var expires: Int?
        if let text = parameters["created"] {
            guard let value = Int(text) else { throw .malformed("created is not a number") }
            created = value
        }
        if let text = parameters["expires"] {
            guard let value = Int(text) else { throw .malformed("expires is not a number") }
            expires = value
        }
        self.init(keyID: keyID, algorithm: parameters["algorithm"], headers: headers, signature: signature, created: created, expires: expires)
    }

    /// The header's value.
    public var headerValue: String {
        var parts = ["keyId=\"\(keyID)\""]
        if let algorithm { parts.append("algorithm=\"\(algorithm)\"") }
        if let created { parts.append("created=\(created)") }
        if let expires { parts.append("expires=\(expires)") }
        parts.append("headers=\"\(headers.joined(separator: " "))\"")
        parts.append("signature=\"\(signature.base64EncodedString())\"")
        return parts.joined(separator: ",")
    }

    /// The string a signature covering `headers` signs for `message`.
    public static func signingString(covering headers: [String], of message: SignedMessage, created: Int? = nil, expires: Int? = nil) throws(SignatureError) -> String {
        var lines: [String] = []
        for name in headers {
            switch name {
            case "(request-target)":
                lines.append("(request-target): \(message.method.lowercased()) \(message.target)")
            case "(created)":
                guard let created else { throw .missingCoveredField(name) }
                lines.append("(created): \(created)")
            case "(expires)":
                guard let expires else { throw .missingCoveredField(name) }
                lines.append("(expires): \(expires)")
            default:
                guard let value = message.field(name) else { throw .missingCoveredField(name) }
                lines.append("\(name): \(value)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Signs `message` with `rsa-sha256`, covering `headers` (each must be in the message).
    public static func sign(
        _ message: SignedMessage, covering headers: [String], keyID: String, with key: _RSA.Signing.PrivateKey
    ) throws -> CavageSignature {
        let text = try signingString(covering: headers, of: message)
        let signature = try key.signature(for: Data(text.utf8), padding: .insecurePKCS1v1_5)
        return CavageSignature(keyID: keyID, algorithm: "rsa-sha256", headers: headers, signature: signature.rawRepresentation)
    }

    /// Throws unless this signature, made with the key whose public half is `publicKey`, covers
    /// `message` as it is.
    public func verify(_ message: SignedMessage, publicKey: _RSA.Signing.PublicKey) throws(SignatureError) {
        switch algorithm?.lowercased() {
        case nil, "rsa-sha256", "hs2019": break
        case let other?: throw .unsupportedAlgorithm(other)
        }
        let text = try Self.signingString(covering: headers, of: message, created: created, expires: expires)
        let valid = publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: Data(text.utf8), padding: .insecurePKCS1v1_5)
        guard valid else { throw .badSignature }
    }

    /// Throws unless every one of `names` is covered.
    public func requireCovered(_ names: [String]) throws(SignatureError) {
        for name in names where !headers.contains(name) { throw .uncoveredField(name) }
    }

    /// The header's `name="value"` parameters by lowercase name (`created` and `expires` may
    /// come unquoted).
    private static func parameters(_ value: String) throws(SignatureError) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = Substring(value)
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard !rest.isEmpty else { return parameters }
            guard let equals = rest.firstIndex(of: "=") else { throw .malformed("a parameter without a value") }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            let parameter: Substring
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else { throw .malformed("an unclosed quote") }
                parameter = rest[..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                parameter = rest[..<end]
                rest = rest[end...]
            }
            guard parameters[name] == nil else { throw .malformed("\(name) given twice") }
            parameters[name] = String(parameter).trimmingCharacters(in: .whitespaces)
        }
    }
}
