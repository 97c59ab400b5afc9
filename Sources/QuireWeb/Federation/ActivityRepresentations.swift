import Hummingbird
import QuireCore

/// The ActivityStreams documents that share a URL with a page: the actor (`/`) and each post's
/// `Article`, for `PostController`'s content negotiation and `FederationController`'s routes.
struct ActivityRepresentations: Sendable {
    let keys: BlogKeyring
    let federatedPosts: any FederatedPostStore

    /// The blog's actor, or nil while federation is off.
    func actor(of site: LiveSite.Parts) async throws -> JSONBody<ActorDocument>? {
        guard let addresses = site.federationAddresses else { return nil }
        return .activity(ActorDocument(addresses: addresses, site: site.config.site, publicKeyPEM: try await keys.key().publicKeyPEM))
    }

    /// A deleted post's `Tombstone` (410), when its Delete went out; nil otherwise.
    func tombstone(slug: String, of site: LiveSite.Parts, request: Request, context: some RequestContext) async throws -> Response? {
        guard let addresses = site.federationAddresses,
            let kept = try await federatedPosts.federatedPost(objectID: addresses.post(slug: slug)), let deleted = kept.deletedAt
        else { return nil }
        let tombstone: JSONValue = .object([
            "@context": .string(ActivityStreams.context), "id": .string(kept.objectID), "type": .string("Tombstone"),
            "formerType": .string("Article"), "deleted": .string(RFC3339.string(deleted)),
        ])
        return try JSONBody.activity(tombstone, status: .gone).response(from: request, context: context).varyingByAccept()
    }

    /// A public post's `Article`, under the id it was sent with, or nil while federation is off.
    func article(_ entry: PostWithTags, of site: LiveSite.Parts) async throws -> JSONBody<ArticleDocument>? {
        guard let addresses = site.federationAddresses else { return nil }
        return .activity(ArticleDocument(entry, addresses: addresses, keptID: try await keptID(of: entry)))
    }

    /// The id a post was sent under, while that life of it stands; nil for the post's URL.
    func keptID(of entry: PostWithTags) async throws -> String? {
        guard let id = entry.post.id, let kept = try await federatedPosts.federatedPost(postID: id), kept.deletedAt == nil else { return nil }
        return kept.objectID
    }
}

extension LiveSite.Parts {
    /// The actor's addresses, or nil while `federation.enabled` is off.
    var federationAddresses: FederationAddresses? {
        config.federation.enabled ? FederationAddresses(site: config.site, federation: config.federation) : nil
    }
}

extension Response {
    /// Says that the answer depends on `Accept`, for a URL that is both a page and a document.
    func varyingByAccept() -> Response {
        var response = self
        response.headers[.vary] = "Accept"
        return response
    }
}
