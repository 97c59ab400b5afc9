/// One JSON object of the config file, read key by key with its dotted path kept for errors,
/// which read `file: key 'a.b': expected a string, found a number`.
struct ConfigObject {
    let members: JSONMembers
    let path: String
    let source: String

    init(values: [String: JSONValue], path: String, source: String) {
        self.members = JSONMembers(values, nullIsAbsent: false)
        self.path = path
        self.source = source
    }

    func error(_ key: String, _ problem: String) -> ConfigError {
        ConfigError(source: source, key: fullKey(key), problem: problem)
    }

    func fullKey(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Fails on the first key that is not in `known`, so that a typo never passes silently.
    func rejectUnknownKeys(_ known: Set<String>) throws {
        if let unknown = members.values.keys.sorted().first(where: { !known.contains($0) }) {
            throw error(unknown, "unknown key (known keys here: \(known.sorted().joined(separator: ", ")))")
        }
    }

    func object(_ key: String) throws -> ConfigObject? {
        try read { () throws(FieldMismatch) in try members.object(key) }.map {
            ConfigObject(values: $0.values, path: fullKey(key), source: source)
        }
    }

    func string(_ key: String) throws -> String? {
        try read { () throws(FieldMismatch) in try members.string(key) }
    }

    func bool(_ key: String) throws -> Bool? {
        try read { () throws(FieldMismatch) in try members.bool(key) }
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let number = try read({ () throws(FieldMismatch) in try members.wholeNumber(key) }) else { return nil }
        guard let int = Int(exactly: number), range.contains(int) else {
            throw error(key, "\(number) is out of range (\(range.lowerBound) to \(range.upperBound))")
        }
        return int
    }

    func stringArray(_ key: String) throws -> [String]? {
        try read { () throws(FieldMismatch) in try members.strings(key) }
    }

    /// An array of whole numbers.
    func intArray(_ key: String) throws -> [Int]? {
        guard let value = members.values[key] else { return nil }
        guard case .array(let items) = value else { throw error(key, "expected an array of numbers, found \(value.kindName)") }
        return try items.map { item in
            guard case .number(let number) = item, let int = Int(exactly: number) else {
                throw error(key, "expected whole numbers, found \(item.kindName)")
            }
            return int
        }
    }

    private func read<T>(_ body: () throws(FieldMismatch) -> T?) throws -> T? {
        do {
            return try body()
        } catch {
            throw self.error(error.key, "expected \(error.expected), found \(error.found)")
        }
    }
}
