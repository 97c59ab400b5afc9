import Foundation
import GRDB

/// The admin's settings in the database: one config-file fragment under the key `settings` of
/// `site_setting`, checked by the config file's own rules when saved and when read.
public struct SettingsStore: Sendable {
    public let database: AppDatabase
    /// How errors name where the settings came from.
    static let source = "the settings saved in the admin"

    public init(database: AppDatabase) {
        self.database = database
    }

    /// The saved fragment as stored, or nil when the admin never saved settings.
    public func savedText() async throws -> String? {
        try await database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM site_setting WHERE key = 'settings'")
        }
    }

    /// The file's config with the saved settings applied.
    public static func config(file: QuireConfig, savedText: String?) throws -> QuireConfig {
        guard let savedText else { return file }
        return EditableSettings.applying(try ConfigLoader.parse(Data(savedText.utf8), source: source), to: file)
    }

    /// Checks every value with the config file's rules and saves them all, or saves nothing
    /// and returns each problem by key (dotted, as in `EditableSettings.keys`).
    public func save(_ values: [String: String]) async throws -> [String: String] {
        var errors: [String: String] = [:]
        for key in EditableSettings.keys {
            do {
                _ = try ConfigLoader.parse(EditableSettings.document(values, keys: [key]), source: Self.source)
            } catch let error as ConfigError {
                errors[key] = error.problem
            }
        }
        guard errors.isEmpty else { return errors }
        let text = String(decoding: EditableSettings.document(values), as: UTF8.self)
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO site_setting (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [text])
        }
        return [:]
    }
}
