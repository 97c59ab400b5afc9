/// A config file or environment variable that Quire can't start with.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The file, or the environment variable, that holds the problem.
    public var source: String
    /// The dotted key, such as `comments.max_links`; empty for the file as a whole.
    public var key: String
    public var problem: String

    public init(source: String, key: String, problem: String) {
        self.source = source
        self.key = key
        self.problem = problem
    }

    public var description: String {
        key.isEmpty ? "\(source): \(problem)" : "\(source): key '\(key)': \(problem)"
    }
}
