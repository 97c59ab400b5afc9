import Crypto
import CryptoExtras
import Foundation
import RawStructuredFieldValues

/// A signature as RFC 9421 (HTTP Message Signatures) defines it: one member of the
/// `Signature-Input` field (the covered components and the signature's parameters) and the
/// member of the same label in `Signature`. The signed text, the signature base, has one line per
/// component, `"name": value`, then `"@signature-params": ` and the member's serialization.
/// Quire verifies `rsa-v1_5-sha256` (the fediverse's, also taken when no `alg` is given) and
/// `rsa-pss-sha512`.
public struct MessageSignature: Sendable {
    public var label: String
    public var components: [Item]
    /// The member's parameters (`created`, `expires`, `keyid`, `alg`, `nonce`, `tag`).
    public var parameters: OrderedMap<String, RFC9651BareItem>
    public var signature: Data

    public var keyID: String? { Self.string(parameters["keyid"]) }
    public var algorithm: String? { Self.string(parameters["alg"]) }
    public var created: Int64? { if case .integer(let value)? = parameters["created"] { value } else { nil } }
    public var expires: Int64? { if case .integer(let value)? = parameters["expires"] { value } else { nil } }

    /// Every signature of a message, in `Signature-Input`'s order.
    public static func all(in message: SignedMessage) throws(SignatureError) -> [MessageSignature] {
        guard let input = message.field("signature-input"), let output = message.field("signature") else { throw .missingSignature }
        let inputs: OrderedMap<String, ItemOrInnerList>
        let outputs: OrderedMap<String, ItemOrInnerList>
        do {
            var inputParser = StructuredFieldValueParser(Array(input.utf8))
            inputs = try inputParser.parseDictionaryFieldValue()
            var outputParser = StructuredFieldValueParser(Array(output.utf8))
            outputs = try outputParser.parseDictionaryFieldValue()
        } catch {
            throw .malformed("Signature-Input or Signature is not a structured dictionary")
        }
        var signatures: [MessageSignature] = []
        for (label, member) in inputs {
            guard case .innerList(let list) = member else { throw .malformed("\(label) in Signature-Input is not a list") }
            guard case .item(let item)? = outputs[label], case .undecodedByteSequence(let encoded) = item.rfc9651BareItem,
                  let signature = Data(base64Encoded: encoded)
            else { throw .malformed("Signature has no byte sequence for \(label)") }
            signatures.append(MessageSignature(label: label, components: Array(list.bareInnerList), parameters: list.rfc9651Parameters, signature: signature))
        }
        return signatures
    }

    /// The text this signature signs for `message`.
    public func signatureBase(for message: SignedMessage) throws(SignatureError) -> String {
        var lines: [String] = []
        for component in components {
            guard case .string(let name) = component.rfc9651BareItem else { throw .malformed("a component that is not a string") }
            let value = try Self.value(of: name, parameters: component.rfc9651Parameters, in: message)
            lines.append("\(try Self.serialized(component)): \(value)")
        }
        lines.append("\"@signature-params\": \(try signatureParams())")
        return lines.joined(separator: "\n")
    }

    /// Throws unless this signature, made with the key whose public half is `publicKey`, covers
    /// `message` as it is. A signature that names no `alg` is taken to use the key's algorithm,
    /// `keyAlgorithm` (for the fediverse's RSA keys, `rsa-v1_5-sha256`).
    public func verify(_ message: SignedMessage, publicKey: _RSA.Signing.PublicKey, keyAlgorithm: String = "rsa-v1_5-sha256") throws(SignatureError) {
        let base = Data(try signatureBase(for: message).utf8)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        let valid: Bool
        switch algorithm ?? keyAlgorithm {
        case "rsa-v1_5-sha256":
            valid = publicKey.isValidSignature(signature, for: SHA256.hash(data: base), padding: .insecurePKCS1v1_5)
        case "rsa-pss-sha512":
            valid = publicKey.isValidSignature(signature, for: SHA512.hash(data: base), padding: .PSS)
        case let other:
            throw .unsupportedAlgorithm(other)
        }
        guard valid else { throw .badSignature }
    }

    /// Throws unless every one of `names` (component names such as `@method` or `date`) is covered.
    public func requireCovered(_ names: [String]) throws(SignatureError) {
        let covered = components.compactMap { component -> String? in
            if case .string(let name) = component.rfc9651BareItem { name } else { nil }
        }
        for name in names where !covered.contains(name) { throw .uncoveredField(name) }
    }

    /// The member's own serialization: the covered components and the parameters.
    private func signatureParams() throws(SignatureError) -> String {
        var dictionary = OrderedMap<String, ItemOrInnerList>()
        var list = BareInnerList()
        for component in components { list.append(component) }
        dictionary["x"] = .innerList(InnerList(bareInnerList: list, parameters: parameters))
        var serializer = StructuredFieldValueSerializer()
        guard let bytes = try? serializer.writeDictionaryFieldValue(dictionary) else { throw .malformed("the parameters can't be serialized") }
        return String(decoding: bytes.dropFirst(2), as: UTF8.self)
    }

    private static func serialized(_ component: Item) throws(SignatureError) -> String {
        var serializer = StructuredFieldValueSerializer()
        guard let bytes = try? serializer.writeItemFieldValue(component) else { throw .malformed("a component can't be serialized") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A component's value: a derived one (`@method`, `@authority`, `@path`…) or a header field's.
    private static func value(of name: String, parameters: OrderedMap<String, RFC9651BareItem>, in message: SignedMessage) throws(SignatureError) -> String {
        let path = message.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query = path.count > 1 ? String(path[1]) : ""
        if name == "@query-param" {
            guard case .string(let wanted)? = parameters["name"] else { throw .malformed("@query-param without a name") }
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if Self.formDecoded(parts[0]) == wanted { return Self.formDecoded(parts.count > 1 ? parts[1] : "") }
            }
            throw .missingCoveredField("@query-param;name=\"\(wanted)\"")
        }
        guard parameters.count == 0 else { throw .malformed("component parameters on \(name) are not supported") }
        let authority = message.field("host")?.lowercased()
        switch name {
        case "@method": return message.method
        case "@authority":
            guard let authority else { throw .missingCoveredField(name) }
            return authority
        case "@scheme": return message.scheme
        case "@target-uri":
            guard let authority else { throw .missingCoveredField(name) }
            return "\(message.scheme)://\(authority)\(message.target)"
        case "@request-target": return message.target
        case "@path": return path[0].isEmpty ? "/" : String(path[0])
        case "@query": return "?" + query
        default:
            guard !name.hasPrefix("@"), let value = message.field(name) else { throw .missingCoveredField(name) }
            return value
        }
    }

    /// A query name or value as a form decodes it, percent-encoded again where it must be.
    private static func formDecoded(_ text: Substring) -> String {
        let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
        return decoded.addingPercentEncoding(withAllowedCharacters: unreserved) ?? decoded
    }

    /// RFC 3986's unreserved characters, the ones a query value keeps unencoded.
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func string(_ item: RFC9651BareItem?) -> String? {
        if case .string(let value)? = item { value } else { nil }
    }
}
