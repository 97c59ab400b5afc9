import Foundation
import Logging
import QuireCore

/// The parts federation runs on, made once from the config and the store: the outbound client
/// under `federation.allow_private_addresses`, the actor fetcher, the inbox's verifier and the
/// delivery worker, all signing with the blog's key.
struct FederationServices: Sendable {
    let store: any FederationStore
    let keys: BlogKeyring
    let client: OutboundClient
    let verifier: InboxVerifier
    let worker: DeliveryWorker
    let clock: WallClock

    init(config: QuireConfig, store: any FederationStore, keys: BlogKeyring, clock: WallClock, logger: Logger) {
        self.store = store
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
    }

    func publisher(posts: any PostStore) -> Publisher {
        Publisher(store: store, posts: posts, clock: clock)
    }

    func processor(_ addresses: FederationAddresses, site: LiveSite.Parts) -> InboxProcessor {
        InboxProcessor(store: store, posts: site.posts, comments: site.comments, addresses: addresses, clock: clock)
    }
}
