import Foundation

/// Typed access to front matter values, with a clear problem for each value of the wrong kind.
struct FrontMatterFields {
    let fields: [String: Any]

    /// A scalar as text; numbers and dates written bare in YAML are accepted as their text.
    func text(_ key: String) throws(ImportProblem) -> String? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        switch value {
        case let string as String: return string
        case let int as Int: return String(int)
        case let double as Double: return String(double)
        default: throw ImportProblem("'\(key)' must be text")
        }
    }

    func bool(_ key: String) throws(ImportProblem) -> Bool? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let bool = value as? Bool else { throw ImportProblem("'\(key)' must be true or false") }
        return bool
    }

    /// A YAML list of names, or one string of comma-separated names.
    func list(_ key: String) throws(ImportProblem) -> [String] {
        guard let value = fields[key], !(value is NSNull) else { return [] }
        if let string = value as? String {
            return string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard let items = value as? [Any] else { throw ImportProblem("'\(key)' must be a list, such as [swift, server]") }
        return try items.map { item throws(ImportProblem) in
            switch item {
            case let string as String: return string
            case let int as Int: return String(int)
            default: throw ImportProblem("'\(key)' must be a list of names")
            }
        }
    }

    /// A YAML timestamp (`2024-05-01`, `2024-05-01T10:00:00Z`, `2024-05-01 10:00:00 +02:00`).
    func date(_ key: String) throws(ImportProblem) -> Date? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        if let date = value as? Date { return date }
        if let string = value as? String, let date = ISO8601DateFormatter().date(from: string) { return date }
        throw ImportProblem("'\(key)' must be a date such as 2024-05-01 or 2024-05-01T10:00:00Z")
    }
}
