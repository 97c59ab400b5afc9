import Foundation
import Testing

@testable import QuireCore

@Suite struct ConfigLoaderTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ json: String, to name: String = "site.json") throws -> String {
        try json.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    func load(_ path: String?, environment: [String: String] = [:]) throws -> QuireConfig {
        try ConfigLoader(environment: environment, workingDirectory: folder).load(path: path)
    }

    @Test func shippedConfigFileHoldsEveryDefault() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/quire.json")
        var expected = QuireConfig()
        expected.database.path = folder.appendingPathComponent("data/quire.sqlite").path
        #expect(try load(shipped.standardizedFileURL.path) == expected)
    }

    @Test func missingDefaultFileMeansDefaults() throws {
        let config = try load(nil)
        #expect(config.server.port == 8080)
        #expect(config.comments.moderation == .holdFirstTime)
        #expect(config.database.path == folder.appendingPathComponent("data/quire.sqlite").path)
    }

    @Test func theNavigationIsReadInOrder() throws {
        let config = try load(try write(#"{"navigation": [{"label": "About", "path": "/about"}, {"label": "Travel", "path": "/tags/travel"}]}"#))
        #expect(config.navigation == [.init(label: "About", path: "/about"), .init(label: "Travel", path: "/tags/travel")])
    }

    @Test func metricsPortAndLogFormatAreRead() throws {
        let config = try load(try write(#"{"server": {"metrics_port": 9464}, "log": {"format": "json"}}"#))
        #expect(config.server.metricsPort == 9464)
        #expect(config.log.format == .json)
        #expect(try load(nil).server.metricsPort == 0)
        #expect(try load(nil).server.metricsHost == "127.0.0.1")
        #expect(try load(try write(#"{"server": {"metrics_port": 9464, "metrics_host": "0.0.0.0"}}"#)).server.metricsHost == "0.0.0.0")
        #expect(try load(nil).log.format == .text)
    }

    @Test func keysLeftOutTakeDefaults() throws {
        let config = try load(try write(#"{"site": {"title": "Mine"}, "comments": {"max_links": 4}}"#))
        #expect(config.site.title == "Mine")
        #expect(config.site.tagline == "A blog")
        #expect(config.comments.maxLinks == 4)
        #expect(config.comments.threadDepth == 5)
    }

    @Test(arguments: [
        (#"{"sitee": {}}"#, "site.json: key 'sitee': unknown key"),
        (#"{"comments": {"max_link": 1}}"#, "site.json: key 'comments.max_link': unknown key"),
        (#"{"server": {"port": "80"}}"#, "site.json: key 'server.port': expected a whole number, found a string"),
        (#"{"server": {"port": 70000}}"#, "site.json: key 'server.port': 70000 is out of range (1 to 65535)"),
        (#"{"posts_per_page": 2.5}"#, "site.json: key 'posts_per_page': expected a whole number, found a number"),
        (#"{"comments": {"moderation": "sometimes"}}"#, "site.json: key 'comments.moderation': 'sometimes' is not one of open, hold_all, hold_first_time"),
        (#"{"comments": {"blocklist": [1]}}"#, "site.json: key 'comments.blocklist': expected an array of strings, found a number in it"),
        (#"{"site": {"base_url": "ftp://x"}}"#, "site.json: key 'site.base_url': 'ftp://x' is not an http or https URL"),
        (#"{"site": []}"#, "site.json: key 'site': expected an object, found an array"),
        (#"{"site": {"timezone": "Mars/Olympus"}}"#, "site.json: key 'site.timezone': 'Mars/Olympus' is not an IANA time zone"),
        (#"{"admin": {"password_cost": 3}}"#, "site.json: key 'admin.password_cost': 3 is out of range (4 to 31)"),
        (#"{"server": {"port": 8080, "metrics_port": 8080}}"#, "site.json: key 'server.metrics_port': must differ from `port`"),
        (#"{"server": {"metrics_port": -1}}"#, "site.json: key 'server.metrics_port': -1 is out of range (0 to 65535)"),
        (#"{"server": {"metrics_host": ""}}"#, "site.json: key 'server.metrics_host': must not be empty"),
        (#"{"log": {"format": "xml"}}"#, "site.json: key 'log.format': 'xml' is not one of text, json"),
        (#"{"log": {"level": "info"}}"#, "site.json: key 'log.level': unknown key"),
        (#"{"navigation": {}}"#, "site.json: key 'navigation': expected an array of"),
        (#"{"navigation": [{"label": "Evil", "path": "javascript:alert(1)"}]}"#, "site.json: key 'navigation.1.path': 'javascript:alert(1)' is not a path on this site"),
        (#"{"navigation": [{"label": "Away", "path": "//evil.example"}]}"#, "site.json: key 'navigation.1.path'"),
        (#"{"navigation": [{"label": "", "path": "/about"}]}"#, "site.json: key 'navigation.1.label': must be 1 to 60 characters"),
        (#"[1]"#, "site.json: expected a JSON object at the top, found an array"),
        (#"{"site": "#, "site.json: not valid JSON"),
        ("{\n  \"posts_per_page\": 5,\n}", "site.json: not valid JSON (a comma before '}' at line 3, column 1)"),
        (#"{"posts_per_page": 5 /* five */}"#, "site.json: not valid JSON (',' or '}' expected at line 1, column 22)"),
    ])
    func badFilesNameFileKeyAndProblem(json: String, message: String) throws {
        let name = try write(json)
        do {
            _ = try load(name)
            Issue.record("expected an error")
        } catch let error as ConfigError {
            #expect(error.description.hasPrefix(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func unreadableNamedFileIsAnError() throws {
        #expect(throws: ConfigError.self) { try load("missing.json") }
        do {
            _ = try load("missing.json")
        } catch let error as ConfigError {
            #expect(error.description.hasPrefix("missing.json: can't read the file"))
        }
    }

    @Test func environmentOverridesTheFile() throws {
        let name = try write(#"{"server": {"host": "127.0.0.1", "port": 8080}}"#)
        let config = try load(name, environment: [
            "QUIRE_HOST": "0.0.0.0", "QUIRE_PORT": "9090",
            "QUIRE_DATABASE_PATH": "/data/blog.sqlite", "QUIRE_BASE_URL": "https://blog.example",
        ])
        #expect(config.server.host == "0.0.0.0")
        #expect(config.server.port == 9090)
        #expect(config.database.path == "/data/blog.sqlite")
        #expect(config.site.baseURL == "https://blog.example")
        #expect(config.site.absoluteURL("/posts/a") == "https://blog.example/posts/a")
    }

    @Test func badEnvironmentValueNamesTheVariable() throws {
        #expect(throws: ConfigError(source: "QUIRE_PORT", key: "", problem: "'eighty' is not a port number (1 to 65535)")) {
            try load(nil, environment: ["QUIRE_PORT": "eighty"])
        }
        #expect(throws: ConfigError(source: "QUIRE_PORT", key: "",
                                    problem: "9464 is server.metrics_port too; the metrics are never served on the blog's own port")) {
            try load(try write(#"{"server": {"metrics_port": 9464}}"#), environment: ["QUIRE_PORT": "9464"])
        }
    }

    @Test func aPostgreSQLURLComesFromTheFileOrTheEnvironmentAndABadOneIsNamed() throws {
        let name = try write(#"{"database": {"url": "postgres://blog:secret@db.example:5433/blog", "max_connections": 4, "timeout_seconds": 3}}"#)
        let config = try load(name)
        #expect(config.database.url == PostgresAddress(host: "db.example", port: 5433, username: "blog", password: "secret", database: "blog"))
        #expect(config.database.maxConnections == 4 && config.database.timeoutSeconds == 3)
        #expect(try load(nil).database.url == nil, "SQLite unless a URL is given")
        #expect(try load(nil, environment: ["QUIRE_DATABASE_URL": "postgres://q@localhost/q"]).database.url?.host == "localhost")
        #expect(throws: ConfigError(source: "QUIRE_DATABASE_URL", key: "", problem: "names no user (postgres://USER:PASS@HOST:PORT/DB)")) {
            try load(nil, environment: ["QUIRE_DATABASE_URL": "postgres://localhost/q"])
        }
        let bad = try write(#"{"database": {"url": "mysql://x@y/z"}}"#, to: "bad.json")
        #expect(throws: ConfigError(source: "bad.json", key: "database.url", problem: "is not a postgres://USER:PASS@HOST:PORT/DB URL")) {
            try load(bad)
        }
    }
}
