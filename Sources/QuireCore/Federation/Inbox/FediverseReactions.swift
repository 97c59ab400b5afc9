import Foundation

/// Likes and boosts (`Like`, `Announce`) of the blog's public posts, counted on each post's page;
/// an `Undo` from the same actor takes one back (docs/federation.md, "Likes and boosts").
struct FediverseReactions: Sendable {
    let store: any FederationStore
    let posts: any PostStore
    let addresses: FederationAddresses
    let clock: WallClock

    func add(_ activity: JSONValue, kind: PostReactions.Kind, from signer: RemoteActor) async throws -> InboxProcessor.Outcome {
        guard let activityID = activity["id"]?.string, let object = activity["object"]?.reference, let (slug, _) = addresses.place(of: object) else {
            return .ignored("a \(kind.rawValue) of something that isn't a post here")
        }
        let now = clock.now()
        guard let postID = try await posts.publicPost(slug: slug, now: now)?.post.id else { return .ignored("a \(kind.rawValue) of a post that isn't public") }
        try await store.addReaction(activityID: activityID, postID: postID, actorURI: signer.uri, kind: kind, now: now)
        return .reacted(kind)
    }

    /// Takes back the reaction `activityID` names; false when the actor made none by that id.
    func remove(activityID: String, from signer: RemoteActor) async throws -> Bool {
        try await store.removeReaction(activityID: activityID, actorURI: signer.uri)
    }
}
