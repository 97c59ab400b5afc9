import Foundation

/// Typed access to front matter values, read as JSON (`JSONMembers`) after YAML's own kinds are
/// mapped to JSON's, with a clear problem for each value of the wrong kind. Front matter is
/// looser than JSON where people write it loosely: numbers are taken as text, and a list may
/// be one string of comma-separated names.
struct FrontMatterFields {
    let members: JSONMembers

    init(yaml fields: [String: Any]) {
        members = JSONMembers(fields.compactMapValues(JSONValue.init(yaml:)), nullIsAbsent: true)
    }

    /// A scalar as text; numbers and dates written bare in YAML are accepted as their text.
    func text(_ key: String) throws(ImportProblem) -> String? {
        if case .number(let number)? = members.present(key) { return Self.text(number) }
        return try read(key, "'\(key)' must be text") { () throws(FieldMismatch) in try members.string(key) }
    }

    func bool(_ key: String) throws(ImportProblem) -> Bool? {
        try read(key, "'\(key)' must be true or false") { () throws(FieldMismatch) in try members.bool(key) }
    }

    /// A YAML list of names, or one string of comma-separated names.
    func list(_ key: String) throws(ImportProblem) -> [String] {
        switch members.present(key) {
        case nil:
            return []
        case .string(let string)?:
            return string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        case .array(let items)?:
            return try items.map { item throws(ImportProblem) in
                switch item {
                case .string(let string): return string
                case .number(let number): return Self.text(number)
                default: throw ImportProblem("'\(key)' must be a list of names")
                }
            }
        default:
            throw ImportProblem("'\(key)' must be a list, such as [swift, server]")
        }
    }

    /// A YAML timestamp (`2024-05-01`, `2024-05-01T10:00:00Z`, `2024-05-01 10:00:00 +02:00`).
    func date(_ key: String) throws(ImportProblem) -> Date? {
        let problem = "'\(key)' must be a date such as 2024-05-01 or 2024-05-01T10:00:00Z"
        guard let text = try read(key, problem, { () throws(FieldMismatch) in try members.string(key) }) else { return nil }
        guard let date = RFC3339.date(from: text) else { throw ImportProblem(problem) }
        return date
    }

    private func read<T>(_ key: String, _ problem: String, _ body: () throws(FieldMismatch) -> T?) throws(ImportProblem) -> T? {
        do {
            return try body()
        } catch {
            throw ImportProblem(problem)
        }
    }

    /// A number as it was written: whole numbers without a fraction.
    private static func text(_ number: Double) -> String {
        Int(exactly: number).map(String.init) ?? String(number)
    }
}

extension JSONValue {
    /// A value as Yams loads YAML, in JSON's kinds; YAML timestamps become RFC 3339 text with
    /// their fraction of a second. Nil for what JSON can't hold, such as a map with number keys.
    init?(yaml value: Any) {
        switch value {
        case is NSNull: self = .null
        case let bool as Bool: self = .bool(bool)
        case let int as Int: self = .number(Double(int))
        case let double as Double: self = .number(double)
        case let string as String: self = .string(string)
        case let date as Date: self = .string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        case let items as [Any]:
            let values = items.compactMap(JSONValue.init(yaml:))
            guard values.count == items.count else { return nil }
            self = .array(values)
        case let map as [String: Any]:
            let values = map.compactMapValues(JSONValue.init(yaml:))
            guard values.count == map.count else { return nil }
            self = .object(values)
        default: return nil
        }
    }
}
