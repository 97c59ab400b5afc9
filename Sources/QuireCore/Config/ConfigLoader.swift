import Foundation

/// Reads a `QuireConfig` from a JSON file and the `QUIRE_*` environment variables.
public struct ConfigLoader: Sendable {
    /// The config file used when none is named: `Config/quire.json` under the working directory.
    public static let defaultPath = "Config/quire.json"

    public var environment: [String: String]
    public var workingDirectory: URL

    public init(environment: [String: String], workingDirectory: URL) {
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// Loads the config.
    ///
    /// - Parameter path: the file named with `--config`; it must exist. When nil, the default file
    ///   is read if it exists, and the built-in defaults are used if it doesn't, so `quire serve`
    ///   works from any folder.
    public func load(path: String?) throws -> QuireConfig {
        let filePath = path ?? Self.defaultPath
        let fileURL = URL(fileURLWithPath: resolve(filePath))
        var config = QuireConfig()
        if path != nil || FileManager.default.fileExists(atPath: fileURL.path) {
            config = try Self.parse(try read(fileURL, shownAs: filePath), source: filePath)
        }
        try applyEnvironment(to: &config)
        config.database.path = resolve(config.database.path)
        if !config.theme.isEmpty { config.theme = resolve(config.theme) }
        return config
    }

    private func read(_ url: URL, shownAs name: String) throws -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ConfigError(source: name, key: "", problem: "can't read the file: it does not exist (check the path given to --config)")
        }
        guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigError(source: name, key: "", problem: "can't read the file: it is a folder or not readable by this user")
        }
        return data
    }

    /// Parses config JSON; every key is optional, unknown keys and wrong types are errors.
    public static func parse(_ data: Data, source: String) throws -> QuireConfig {
        let root: JSONValue
        do {
            root = try JSONValue.parse(data)
        } catch {
            throw ConfigError(source: source, key: "", problem: "not valid JSON (\(error))")
        }
        guard case .object(let values) = root else {
            throw ConfigError(source: source, key: "", problem: "expected a JSON object at the top, found \(root.kindName)")
        }
        return try ConfigObject(values: values, path: "", source: source).quireConfig()
    }

    private func applyEnvironment(to config: inout QuireConfig) throws {
        if let host = environment["QUIRE_HOST"] {
            guard !host.isEmpty else {
                throw ConfigError(source: "QUIRE_HOST", key: "", problem: "is empty; give a host name or address")
            }
            config.server.host = host
        }
        if let port = environment["QUIRE_PORT"] {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw ConfigError(source: "QUIRE_PORT", key: "", problem: "'\(port)' is not a port number (1 to 65535)")
            }
            guard number != config.server.metricsPort else {
                throw ConfigError(source: "QUIRE_PORT", key: "",
                                  problem: "\(number) is server.metrics_port too; the metrics are never served on the blog's own port")
            }
            config.server.port = number
        }
        if let path = environment["QUIRE_DATABASE_PATH"] {
            guard !path.isEmpty else {
                throw ConfigError(source: "QUIRE_DATABASE_PATH", key: "", problem: "is empty; give a file path")
            }
            config.database.path = path
        }
        if let url = environment["QUIRE_DATABASE_URL"], !url.isEmpty {
            do {
                config.database.url = try PostgresAddress(url: url)
            } catch {
                throw ConfigError(source: "QUIRE_DATABASE_URL", key: "", problem: error.description)
            }
        }
        if let baseURL = environment["QUIRE_BASE_URL"] {
            guard ConfigObject.isHTTPURL(baseURL) else {
                throw ConfigError(source: "QUIRE_BASE_URL", key: "", problem: "'\(baseURL)' is not an http or https URL")
            }
            config.site.baseURL = baseURL
        }
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory.appendingPathComponent(path).standardizedFileURL.path
    }
}
