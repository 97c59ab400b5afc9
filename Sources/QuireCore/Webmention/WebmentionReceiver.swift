import Foundation

/// Takes a Webmention sent to `/webmention` (W3C Webmention §3.2.1): checks what can be checked
/// at once and keeps it for the background check of its source (`WebmentionChecker`).
public struct WebmentionReceiver: Sendable {
    let store: any WebmentionStore
    let posts: any PostStore
    let addresses: FederationAddresses
    let clock: WallClock
    /// Checks waiting at most, in all and per source host: more are asked to come back later.
    public var limits = WebmentionLimits()

    public init(store: any WebmentionStore, posts: any PostStore, addresses: FederationAddresses, clock: WallClock) {
        self.store = store
        self.posts = posts
        self.addresses = addresses
        self.clock = clock
    }

    public enum Outcome: Sendable, Equatable {
        /// Kept, to be checked: 202.
        case accepted
        /// Refused at once, with what to do: 400.
        case refused(String)
        /// Too many waiting: 503, try later.
        case busy
        /// Too many waiting from the source's host: 429, try later.
        case tooManyFromHost
    }

    public func receive(source: String?, target: String?) async throws -> Outcome {
        guard let source = source?.trimmingCharacters(in: .whitespaces), !source.isEmpty, let target = target?.trimmingCharacters(in: .whitespaces), !target.isEmpty else {
            return .refused("Send both source and target, form-encoded (source=URL&target=URL).")
        }
        for (name, url) in [("source", source), ("target", target)] where !CommentValidator.isWebURL(url) {
            return .refused("The \(name) must be an absolute http or https URL.")
        }
        guard source != target else { return .refused("The source and the target must be different pages.") }
        guard let (slug, _) = addresses.place(of: target) else {
            return .refused("The target must be one of this blog's posts, under \(addresses.base)/posts/.")
        }
        guard let postID = try await posts.publicPostID(slug: slug, now: clock.now()) else {
            return .refused("The target is not a published post of this blog.")
        }
        switch try await store.receive(source: source, target: target, postID: postID, now: clock.now(), limits: limits) {
        case .kept: return .accepted
        case .full: return .busy
        case .hostFull: return .tooManyFromHost
        }
    }
}
