import Foundation

/// The parts of an HTTP request that a signature covers: what `CavageSignature` and
/// `MessageSignature` sign and check, independent of the server or client that carries it.
public struct SignedMessage: Sendable, Equatable {
    /// The method, as sent ("POST").
    public var method: String
    /// The path and query, as sent ("/inbox?x=1").
    public var target: String
    /// Each header field by its lowercase name; a field sent more than once keeps every value.
    public var fields: [String: [String]]
    /// "https" or "http", for RFC 9421's `@scheme` and `@target-uri`.
    public var scheme: String

    public init(method: String, target: String, fields: [(name: String, value: String)], scheme: String = "https") {
        self.method = method
        self.target = target
        self.scheme = scheme
        var grouped: [String: [String]] = [:]
        for (name, value) in fields { grouped[name.lowercased(), default: []].append(value) }
        self.fields = grouped
    }

    /// A field's values joined as HTTP joins repeated fields (", "), or nil when it is absent.
    public func field(_ name: String) -> String? {
        fields[name.lowercased()].map { $0.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ") }
    }
}
