/// Reading ActivityPub's loose JSON: a property may be a URI or an embedded object with an `id`,
/// one value or an array of them.
extension JSONValue {
    public subscript(_ key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    public var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// A reference: the URI itself, or the embedded object's `id`.
    public var reference: String? {
        string ?? self["id"]?.string
    }

    /// Every reference of a value that may be one or an array.
    public var references: [String] {
        if case .array(let items) = self { items.compactMap(\.reference) } else { reference.map { [$0] } ?? [] }
    }

    /// The `type`, or each of its types when it gives several.
    public var types: [String] {
        guard let type = self["type"] else { return [] }
        if case .array(let items) = type { return items.compactMap(\.string) }
        return type.string.map { [$0] } ?? []
    }

    public func isType(_ name: String) -> Bool { types.contains(name) }
}
