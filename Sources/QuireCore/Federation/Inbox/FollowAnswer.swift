import Foundation

/// The blog's answer to a Follow: `Accept` when it arrives, `Reject` when the owner removes the
/// follower later (so their server stops showing them as following). Each names the Follow whole,
/// as Mastodon expects.
public enum FollowAnswer {
    public static func make(_ type: String, of follow: JSONValue, addresses: FederationAddresses) -> ActivityDocument<JSONValue> {
        // The Follow's identity only: its size stays small whatever the Follow carried.
        var members: [String: JSONValue] = [:]
        for key in ["id", "type", "actor", "object"] { members[key] = follow[key]?.reference.map(JSONValue.string) }
        let object = JSONValue.object(members)
        return ActivityDocument(
            id: addresses.actor + "#\(type.lowercased())s/" + UUID().uuidString.lowercased(), type: type, actor: addresses.actor, published: nil,
            to: [follow["actor"]?.reference].compactMap { $0 }, cc: [], object: object
        )
    }

    /// The Follow a kept follower sent, made again from what was kept of it.
    public static func follow(of follower: Follower, addresses: FederationAddresses) -> JSONValue {
        .object([
            "id": .string(follower.followID), "type": .string("Follow"), "actor": .string(follower.actor.uri), "object": .string(addresses.actor),
        ])
    }
}
