/// One JSON object of the config file, read key by key with its dotted path kept for errors.
struct ConfigObject {
    let values: [String: JSONValue]
    let path: String
    let source: String

    func error(_ key: String, _ problem: String) -> ConfigError {
        ConfigError(source: source, key: fullKey(key), problem: problem)
    }

    func fullKey(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Fails on the first key that is not in `known`, so that a typo never passes silently.
    func rejectUnknownKeys(_ known: Set<String>) throws {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw error(unknown, "unknown key (known keys here: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func object(_ key: String) throws -> ConfigObject? {
        guard let value = values[key] else { return nil }
        guard case .object(let nested) = value else {
            throw error(key, "expected an object, found \(value.kindName)")
        }
        return ConfigObject(values: nested, path: fullKey(key), source: source)
    }

    func string(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let string) = value else {
            throw error(key, "expected a string, found \(value.kindName)")
        }
        return string
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .bool(let bool) = value else {
            throw error(key, "expected true or false, found \(value.kindName)")
        }
        return bool
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = values[key] else { return nil }
        guard case .number(let number) = value, number.rounded() == number,
            let int = Int(exactly: number)
        else {
            throw error(key, "expected a whole number, found \(value.kindName)")
        }
        guard range.contains(int) else {
            throw error(key, "\(int) is out of range (\(range.lowerBound) to \(range.upperBound))")
        }
        return int
    }

    func stringArray(_ key: String) throws -> [String]? {
        guard let value = values[key] else { return nil }
        guard case .array(let items) = value else {
            throw error(key, "expected an array of strings, found \(value.kindName)")
        }
        return try items.map { item in
            guard case .string(let string) = item else {
                throw error(key, "expected an array of strings, found \(item.kindName) in it")
            }
            return string
        }
    }
}
