import Foundation
import Logging
import QuireCore

/// The parts federation runs on, made once from the config and the store: the outbound client
/// under `federation.allow_private_addresses`, the actor fetcher, the inbox's verifier and the
/// delivery worker, all signing with the blog's key; and Webmention's sender.
struct FederationServices: Sendable {
    let store: any FederationStore
    let webmentions: any WebmentionStore
    let keys: BlogKeyring
    let client: OutboundClient
    let verifier: InboxVerifier
    let worker: DeliveryWorker
    let mentionSender: WebmentionSender
    let clock: WallClock
    let logger: Logger

    init(config: QuireConfig, store: any FederationStore, webmentions: any WebmentionStore, keys: BlogKeyring, clock: WallClock, logger: Logger) {
        self.store = store
        self.webmentions = webmentions
        self.logger = logger
        self.keys = keys
        self.clock = clock
        client = OutboundClient(
            allowPrivateAddresses: config.federation.allowPrivateAddresses,
            userAgent: "Quire/\(NodeInfo.softwareVersion) (+\(config.site.baseURLPrefix)/)"
        )
        // The key id names the actor under the file's base_url and handle, as the actor shows it.
        let keyID = FederationAddresses(site: config.site, federation: config.federation).publicKeyID
        let signer: @Sendable () async throws -> BlogSigner = { BlogSigner(key: try await keys.key(), keyID: keyID, clock: clock) }
        let actors = ActorFetcher(store: store, client: client, signer: signer, clock: clock)
        verifier = InboxVerifier(actors: actors, clock: clock)
        worker = DeliveryWorker(store: store, client: client, signer: signer, clock: clock, logger: logger)
        mentionSender = WebmentionSender(store: webmentions, client: client, clock: clock, logger: logger)
    }

    func publisher(posts: any PostStore) -> Publisher {
        Publisher(store: store, posts: posts, webmentions: webmentions, clock: clock)
    }

    func mentionReceiver(_ addresses: FederationAddresses, site: LiveSite.Parts) -> WebmentionReceiver {
        WebmentionReceiver(store: webmentions, posts: site.posts, addresses: addresses, clock: clock)
    }

    func mentionChecker(site: LiveSite.Parts) -> WebmentionChecker {
        let store = store
        return WebmentionChecker(
            store: webmentions, posts: site.posts, comments: site.comments, client: client,
            blockedDomains: { try await store.blockedDomains() }, clock: clock, logger: logger
        )
    }

    func processor(_ addresses: FederationAddresses, site: LiveSite.Parts) -> InboxProcessor {
        InboxProcessor(store: store, posts: site.posts, comments: site.comments, addresses: addresses, clock: clock)
    }
}
