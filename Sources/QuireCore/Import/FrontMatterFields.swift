import Foundation

/// Typed access to front matter values, read as JSON (`JSONMembers`) after YAML's own kinds are
/// mapped to JSON's, with a clear problem for each value of the wrong kind. Front matter is
/// looser than JSON where people write it loosely: bare numbers are taken as the text they were
/// written as, and a list may be one string of comma-separated names.
struct FrontMatterFields {
    let members: JSONMembers
    /// YAML timestamps (`date: 2024-05-01`), which JSON has no kind for: only `date` takes them.
    let timestamps: [String: Date]
    /// Keys whose values JSON can't hold at all (a map with number keys, binary data): always
    /// of the wrong kind.
    let unreadable: Set<String>
    /// Keys whose values were bare numbers: text, but not a list.
    let bareNumbers: Set<String>

    init(yaml fields: [String: Any]) {
        var values: [String: JSONValue] = [:]
        var timestamps: [String: Date] = [:]
        var unreadable: Set<String> = []
        for (key, value) in fields {
            if let date = value as? Date {
                timestamps[key] = date
            } else if let json = Self.json(value) {
                values[key] = json
            } else {
                unreadable.insert(key)
            }
        }
        self.members = JSONMembers(values, nullIsAbsent: true)
        self.timestamps = timestamps
        self.unreadable = unreadable
        self.bareNumbers = Set(fields.filter { $0.value is Int || $0.value is Double }.keys)
    }

    /// A scalar as text; bare numbers are taken as the text they were written as.
    func text(_ key: String) throws(ImportProblem) -> String? {
        try read(key, "'\(key)' must be text") { () throws(FieldMismatch) in try members.string(key) }
    }

    func bool(_ key: String) throws(ImportProblem) -> Bool? {
        try read(key, "'\(key)' must be true or false") { () throws(FieldMismatch) in try members.bool(key) }
    }

    /// A YAML list of names, or one string of comma-separated names.
    func list(_ key: String) throws(ImportProblem) -> [String] {
        if case .string(let string)? = members.present(key), !bareNumbers.contains(key) {
            return string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        do {
            return try read(key, "'\(key)' must be a list, such as [swift, server]") { () throws(FieldMismatch) in try members.strings(key) } ?? []
        } catch {
            if case .array? = members.present(key) { throw ImportProblem("'\(key)' must be a list of names") }
            throw error
        }
    }

    /// A YAML timestamp (`2024-05-01`, `2024-05-01T10:00:00Z`, `2024-05-01 10:00:00 +02:00`), or
    /// RFC 3339 text.
    func date(_ key: String) throws(ImportProblem) -> Date? {
        if let date = timestamps[key] { return date }
        let problem = "'\(key)' must be a date such as 2024-05-01 or 2024-05-01T10:00:00Z"
        guard let text = try read(key, problem, { () throws(FieldMismatch) in try members.string(key) }) else { return nil }
        guard let date = RFC3339.date(from: text) else { throw ImportProblem(problem) }
        return date
    }

    private func read<T>(_ key: String, _ problem: String, _ body: () throws(FieldMismatch) -> T?) throws(ImportProblem) -> T? {
        guard !unreadable.contains(key), timestamps[key] == nil else { throw ImportProblem(problem) }
        do {
            return try body()
        } catch {
            throw ImportProblem(problem)
        }
    }

    /// A value as Yams loads YAML, in JSON's kinds, numbers as their text; nil for what JSON
    /// can't hold, timestamps included.
    private static func json(_ value: Any) -> JSONValue? {
        switch value {
        case is NSNull: return .null
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .string(String(int))
        case let double as Double: return .string(String(double))
        case let string as String: return .string(string)
        case let items as [Any]:
            let values = items.compactMap(json)
            return values.count == items.count ? .array(values) : nil
        case let map as [String: Any]:
            let values = map.compactMapValues(json)
            return values.count == map.count ? .object(values) : nil
        default: return nil
        }
    }
}
