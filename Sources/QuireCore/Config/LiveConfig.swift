import Foundation
import Logging
import Synchronization

/// The config as it stands now: the file's, with the settings saved in the admin applied. A
/// request asks `current()`, which costs one commit-version check unless something was written
/// since, so a saved setting shows on the very next request, in this process or any other.
public final class LiveConfig: Sendable {
    public let file: QuireConfig
    private let settings: any SettingsStore
    private let feed: any ChangeFeed
    private let logger: Logger
    private let state: Mutex<(commitVersion: Int, savedText: String?, config: QuireConfig)>

    public init(file: QuireConfig, settings: any SettingsStore, feed: any ChangeFeed, logger: Logger = Logger(label: "quire.settings")) {
        self.file = file
        self.settings = settings
        self.feed = feed
        self.logger = logger
        state = Mutex((-1, nil, file))
    }

    public func current() async throws -> QuireConfig {
        let version = try feed.commitVersion()
        let known = state.withLock { $0 }
        if known.commitVersion == version { return known.config }
        let text: String?
        do {
            text = try await settings.savedText()
        } catch StoreError.unavailable where known.commitVersion >= 0 {
            // The database can't be reached: the settings last read stand until it can, so that
            // pages, and the 503 that says so, still render with them.
            return known.config
        }
        var config = known.config
        if text != known.savedText || known.commitVersion < 0 {
            do {
                config = try EditableSettings.config(file: file, savedText: text)
            } catch {
                // Saved settings are checked when saved; if the database holds others, the file's serve.
                logger.error("The saved settings can't be used; the config file's are", metadata: ["error": "\(error)"])
                config = file
            }
        }
        state.withLock { state in
            if version > state.commitVersion { state = (version, text, config) }
        }
        return config
    }
}
