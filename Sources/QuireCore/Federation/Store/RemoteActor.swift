import Foundation

/// An actor of another server, as its own server describes it: where to deliver to it, the key
/// that checks what it signs, and what to call it.
public struct RemoteActor: Sendable, Equatable {
    public var id: Int64?
    public var uri: String
    public var inbox: String
    public var sharedInbox: String?
    public var keyID: String
    public var publicKeyPEM: String
    public var handle: String
    public var name: String
    public var profileURL: String
    public var fetchedAt: Date

    public init(
        id: Int64? = nil, uri: String, inbox: String, sharedInbox: String?, keyID: String, publicKeyPEM: String,
        handle: String, name: String, profileURL: String, fetchedAt: Date
    ) {
        self.id = id
        self.uri = uri
        self.inbox = inbox
        self.sharedInbox = sharedInbox
        self.keyID = keyID
        self.publicKeyPEM = publicKeyPEM
        self.handle = handle
        self.name = name
        self.profileURL = profileURL
        self.fetchedAt = fetchedAt
    }

    /// The host of its id, lowercased: what a blocked domain is matched against.
    public var host: String { URL(string: uri)?.host?.lowercased() ?? "" }

    /// `@handle@host`, as the fediverse writes an account.
    public var account: String { "@\(handle.isEmpty ? "?" : handle)@\(host)" }

    /// Where a delivery to it goes: its server's shared inbox when there is one.
    public var deliveryInbox: String { sharedInbox ?? inbox }
}

/// Someone who follows the blog.
public struct Follower: Sendable, Equatable {
    public var actor: RemoteActor
    /// The id of their Follow, which the Accept names.
    public var followID: String
    public var followedAt: Date
}

/// One queued activity for one inbox.
public struct Delivery: Sendable, Equatable {
    public var id: Int64
    public var inbox: String
    /// The activity's JSON, exactly as it is sent (and signed).
    public var activity: String
    /// Attempts made before this one.
    public var attempts: Int
    public var createdAt: Date

    public var host: String { URL(string: inbox)?.host?.lowercased() ?? "" }
}

/// A host that failed deliveries in a row, for the admin.
public struct DeliveryHostFailures: Sendable, Equatable {
    public var host: String
    public var failures: Int
    public var lastFailureAt: Date?
    public var lastError: String?
}

/// The domains the owner blocked, and the rule that matches a host against them: the domain
/// itself and every subdomain of it.
public enum BlockedDomains {
    public static func contains(_ host: String, in domains: [String]) -> Bool {
        let host = host.lowercased()
        return domains.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    /// A domain as typed by the owner, made plain (`https://Mastodon.Example/` → `mastodon.example`),
    /// or nil when it isn't a domain name.
    public static func normalized(_ typed: String) -> String? {
        var text = typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for prefix in ["https://", "http://", "@"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        if let at = text.lastIndex(of: "@") { text = String(text[text.index(after: at)...]) }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= 253, labels.count >= 2, labels.allSatisfy({ (1...63).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }) else {
            return nil
        }
        return text
    }
}
