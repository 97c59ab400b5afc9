import Foundation

/// The blog as an ActivityPub actor (`/activitypub/actor`): what a Mastodon user sees when they
/// look the blog up, and where its key and inbox are.
public struct ActorDocument: Encodable, Sendable {
    public var addresses: FederationAddresses
    public var name: String
    public var summary: String
    public var publicKeyPEM: String
    /// An image to show for the blog, absolute; nil when the site has none.
    public var iconURL: String?

    public init(addresses: FederationAddresses, site: QuireConfig.Site, publicKeyPEM: String, iconURL: String? = nil) {
        self.addresses = addresses
        name = site.title
        summary = "<p>" + HTMLText.escape(site.tagline) + "</p>"
        self.publicKeyPEM = publicKeyPEM
        self.iconURL = iconURL
    }

    private enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, preferredUsername, name, summary, url, inbox, outbox, followers, following
        case publicKey, endpoints, icon, manuallyApprovesFollowers, discoverable, indexable
    }

    private struct PublicKey: Encodable {
        var id: String
        var owner: String
        var publicKeyPem: String
    }

    private struct Image: Encodable {
        var type = "Image"
        var url: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([ActivityStreams.context, ActivityStreams.securityContext], forKey: .context)
        try container.encode(addresses.actor, forKey: .id)
        // A blog is a person's voice to most fediverse software; `Service` reads as a bot.
        try container.encode("Person", forKey: .type)
        try container.encode(addresses.handle, forKey: .preferredUsername)
        try container.encode(name, forKey: .name)
        try container.encode(summary, forKey: .summary)
        try container.encode(addresses.base + "/", forKey: .url)
        try container.encode(addresses.inbox, forKey: .inbox)
        try container.encode(addresses.outbox, forKey: .outbox)
        try container.encode(addresses.followers, forKey: .followers)
        try container.encode(addresses.following, forKey: .following)
        try container.encode(PublicKey(id: addresses.publicKeyID, owner: addresses.actor, publicKeyPem: publicKeyPEM), forKey: .publicKey)
        try container.encode(["sharedInbox": addresses.sharedInbox], forKey: .endpoints)
        try container.encodeIfPresent(iconURL.map { Image(url: $0) }, forKey: .icon)
        try container.encode(false, forKey: .manuallyApprovesFollowers)
        try container.encode(true, forKey: .discoverable)
        try container.encode(true, forKey: .indexable)
    }
}
