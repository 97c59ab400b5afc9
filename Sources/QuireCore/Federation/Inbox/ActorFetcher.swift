import CryptoExtras
import Foundation
import NIOHTTP1

/// Finds the actor behind a key or a URI: the one kept in the store, or fetched from its server
/// (a signed GET, so servers in "authorized fetch" mode answer) and kept.
public struct ActorFetcher: Sendable {
    let store: any FederationStore
    let client: OutboundClient
    /// The blog's signer; the key is made on first use.
    let signer: @Sendable () async throws -> BlogSigner
    let clock: WallClock

    public init(store: any FederationStore, client: OutboundClient, signer: @escaping @Sendable () async throws -> BlogSigner, clock: WallClock) {
        self.store = store
        self.client = client
        self.signer = signer
        self.clock = clock
    }

    /// The actor whose key is `keyID`, and whether it came from the store (so a failed check may
    /// fetch it again, in case the key rotated).
    public func actor(keyID: String, refresh: Bool) async throws(SignatureError) -> (actor: RemoteActor, wasKept: Bool) {
        let actorURI = Self.withoutFragment(keyID)
        if !refresh, let kept = try? await store.actor(uri: actorURI), kept.keyID == keyID {
            return (kept, true)
        }
        let (document, fetchedFrom) = try await fetch(actorURI)
        // A key of its own (`owner`, `publicKeyPem`): its owner is the actor.
        if document["inbox"] == nil, let owner = document["owner"]?.string {
            let (actor, ownerURL) = try await fetch(owner)
            return (try await keep(actor, fetchedFrom: ownerURL, keyID: keyID), false)
        }
        return (try await keep(document, fetchedFrom: fetchedFrom, keyID: keyID), false)
    }

    /// The actor at `uri`: kept, or fetched and kept.
    public func actor(uri: String) async throws(SignatureError) -> RemoteActor {
        if let kept = try? await store.actor(uri: uri) { return kept }
        let (document, fetchedFrom) = try await fetch(uri)
        return try await keep(document, fetchedFrom: fetchedFrom, keyID: nil)
    }

    /// The document at `url` and the URL it finally came from, after redirects: the document
    /// must name that one as its id, so a redirect can't lend another server's actor.
    private func fetch(_ url: String) async throws(SignatureError) -> (JSONValue, String) {
        let response: OutboundResponse
        do {
            let signer = try await signer()
            response = try await client.send(OutboundRequest(
                url: url, headers: [("Accept", "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"")],
                signer: signer
            ))
        } catch let error as OutboundError {
            throw .keyUnavailable(error.description)
        } catch {
            // The blog's own key is made and kept on first use: the database may refuse just now.
            throw StoreError.isTemporary(error) ? .storeUnavailable : .keyUnavailable("the request could not be signed")
        }
        guard (200..<300).contains(response.status) else { throw .keyUnavailable("\(url) answered \(response.status)") }
        guard let document = try? JSONValue.parse(response.body), case .object = document else { throw .keyUnavailable("\(url) is not a JSON object") }
        return (document, response.url)
    }

    /// Reads and keeps an actor document, after checking it is what was asked for: its `id` the
    /// URL it was fetched from, and a `publicKey` it owns (the one named `keyID`, when given).
    private func keep(_ document: JSONValue, fetchedFrom url: String, keyID: String?) async throws(SignatureError) -> RemoteActor {
        guard let id = document["id"]?.string, let inbox = document["inbox"]?.string else { throw .keyUnavailable("\(url) is not an actor") }
        guard Self.withoutFragment(id) == Self.withoutFragment(url) else {
            throw .keyUnavailable("\(url) describes another actor, \(id)")
        }
        let keys: [JSONValue] = if case .array(let items)? = document["publicKey"] { items } else { document["publicKey"].map { [$0] } ?? [] }
        guard let key = keys.first(where: { keyID == nil || $0["id"]?.string == keyID }), let pem = key["publicKeyPem"]?.string, let foundID = key["id"]?.string else {
            throw .keyUnavailable("\(id) shows no key \(keyID ?? "")")
        }
        guard key["owner"]?.string.map({ $0 == id }) ?? true else { throw .keyUnavailable("the key \(foundID) is not owned by \(id)") }
        guard (try? _RSA.Signing.PublicKey(pemRepresentation: pem)) != nil else { throw .badKey }
        // Shown as a link in comments and the admin: only a web address.
        let profile = document["url"]?.reference.flatMap { URL(string: $0) }.flatMap { ["http", "https"].contains($0.scheme?.lowercased() ?? "") ? $0.absoluteString : nil } ?? id
        let actor = RemoteActor(
            uri: id, inbox: inbox, sharedInbox: document["endpoints"]?["sharedInbox"]?.string, keyID: foundID, publicKeyPEM: pem,
            handle: document["preferredUsername"]?.string ?? "", name: document["name"]?.string ?? "",
            profileURL: profile, fetchedAt: clock.now()
        )
        do {
            return try await store.keep(actor)
        } catch {
            // Said to the sender: no database text goes out.
            throw StoreError.isTemporary(error) ? .storeUnavailable : .keyUnavailable("the actor could not be kept")
        }
    }

    static func withoutFragment(_ uri: String) -> String {
        uri.firstIndex(of: "#").map { String(uri[..<$0]) } ?? uri
    }
}
