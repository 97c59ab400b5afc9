/// What a member of an object was expected to hold.
public enum FieldKind: Sendable, Equatable, CustomStringConvertible {
    case string, bool, wholeNumber, stringArray, object

    public var description: String {
        switch self {
        case .string: "a string"
        case .bool: "true or false"
        case .wholeNumber: "a whole number"
        case .stringArray: "an array of strings"
        case .object: "an object"
        }
    }
}

/// A member that holds something other than what was expected.
public struct FieldMismatch: Error, Equatable {
    public var key: String
    public var expected: FieldKind
    /// What it holds instead, such as "a number", or "a number in it" for an array of strings.
    public var found: String
}

/// The members of one JSON object, read by name with their kinds checked: the one place where
/// config files, API bodies and front matter tell a value of the right kind from a wrong one.
/// Each of those words the mismatch its own way. An absent member reads as nil, and so does
/// `null` where `nullIsAbsent` (API bodies, front matter; in a config file null is a mistake).
public struct JSONMembers: Sendable {
    public let values: [String: JSONValue]
    let nullIsAbsent: Bool

    public init(_ values: [String: JSONValue], nullIsAbsent: Bool) {
        self.values = values
        self.nullIsAbsent = nullIsAbsent
    }

    public func string(_ key: String) throws(FieldMismatch) -> String? {
        try read(key, .string) { value in
            guard case .string(let string) = value else { return nil }
            return string
        }
    }

    public func bool(_ key: String) throws(FieldMismatch) -> Bool? {
        try read(key, .bool) { value in
            guard case .bool(let bool) = value else { return nil }
            return bool
        }
    }

    /// A number with no fraction that fits in 64 bits.
    public func wholeNumber(_ key: String) throws(FieldMismatch) -> Int64? {
        try read(key, .wholeNumber) { value in
            guard case .number(let number) = value else { return nil }
            return Int64(exactly: number)
        }
    }

    public func strings(_ key: String) throws(FieldMismatch) -> [String]? {
        guard case .array(let items)? = present(key) else { return try read(key, .stringArray) { _ in nil } }
        return try items.map { item throws(FieldMismatch) in
            guard case .string(let string) = item else { throw FieldMismatch(key: key, expected: .stringArray, found: "\(item.kindName) in it") }
            return string
        }
    }

    public func object(_ key: String) throws(FieldMismatch) -> JSONMembers? {
        try read(key, .object) { value in
            guard case .object(let members) = value else { return nil }
            return JSONMembers(members, nullIsAbsent: nullIsAbsent)
        }
    }

    /// The member's value; nil when it is absent (or null, where null means absent).
    public func present(_ key: String) -> JSONValue? {
        guard let value = values[key], !(nullIsAbsent && value == .null) else { return nil }
        return value
    }

    private func read<T>(_ key: String, _ kind: FieldKind, _ extract: (JSONValue) -> T?) throws(FieldMismatch) -> T? {
        guard let value = present(key) else { return nil }
        guard let result = extract(value) else { throw FieldMismatch(key: key, expected: kind, found: value.kindName) }
        return result
    }
}
