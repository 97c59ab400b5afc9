import Foundation
import QuireCore
import Synchronization

/// What answers are made with under the settings that stand now (`LiveConfig`): the stores and
/// views that read a setting, rebuilt when a setting changes, so every answer after a save in the
/// admin uses it. Controllers take their parts from `current()` at the start of each request.
final class LiveSite: Sendable {
    /// The parts made from one config.
    struct Parts: Sendable {
        let config: QuireConfig
        let posts: any PostStore
        let comments: any CommentStore
        let views: SiteViews
        let postPages: PostPageRenderer
        let adminViews: AdminViews
        /// Uploaded images; the same for every settings version (its config stays in the file).
        let media: any MediaStore
    }

    let config: LiveConfig
    private let make: @Sendable (QuireConfig) -> Parts
    private let built: Mutex<Parts>

    init(config: LiveConfig, make: @escaping @Sendable (QuireConfig) -> Parts) {
        self.config = config
        self.make = make
        built = Mutex(make(config.file))
    }

    func current() async throws -> Parts {
        let config = try await config.current()
        if let parts = built.withLock({ $0.config == config ? $0 : nil }) { return parts }
        let parts = make(config)
        built.withLock { $0 = parts }
        return parts
    }
}
