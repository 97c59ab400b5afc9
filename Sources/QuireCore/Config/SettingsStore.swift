import Foundation

/// The admin's settings in the database: one config-file fragment under the key `settings` of
/// `site_setting`, checked by the config file's own rules when saved and when read. The same
/// table keeps the site's generated secret (`SiteSecret`).
public protocol SettingsStore: Sendable {
    /// The saved fragment as stored, or nil when the admin never saved settings.
    func savedText() async throws -> String?
    /// Stores a fragment already checked, in place of the last one.
    func replaceSavedText(_ text: String) async throws
    /// A value the blog makes once and keeps (`secret`, `federation_key`): the kept one, or, when
    /// there is none yet, the one `make` gives, kept now. When two processes start at once, the
    /// first one's is kept and both get it.
    func kept(_ name: String, orKeep make: @Sendable () throws -> String) async throws -> String
}

extension SettingsStore {
    /// Checks every value with the config file's rules and saves them all, or saves nothing
    /// and returns each problem by key (dotted, as in `EditableSettings.keys`).
    public func save(_ values: [String: String]) async throws -> [String: String] {
        var errors: [String: String] = [:]
        for key in EditableSettings.keys {
            do {
                _ = try ConfigLoader.parse(EditableSettings.document(values, keys: [key]), source: EditableSettings.savedSource)
            } catch let error as ConfigError {
                errors[key] = error.problem
            }
        }
        guard errors.isEmpty else { return errors }
        try await replaceSavedText(String(decoding: EditableSettings.document(values), as: UTF8.self))
        return [:]
    }
}

extension EditableSettings {
    /// How errors name where the settings came from.
    static let savedSource = "the settings saved in the admin"

    /// The file's config with the saved settings applied.
    public static func config(file: QuireConfig, savedText: String?) throws -> QuireConfig {
        guard let savedText else { return file }
        var config = applying(try ConfigLoader.parse(Data(savedText.utf8), source: savedSource), to: file)
        // Settings saved before federation existed say nothing of it: the file's value stands.
        if case .object(let members) = try? JSONValue.parse(Array(savedText.utf8)), members["federation"] == nil {
            config.federation.enabled = file.federation.enabled
        }
        return config
    }
}
