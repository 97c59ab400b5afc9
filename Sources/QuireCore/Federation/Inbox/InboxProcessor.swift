import Foundation

/// What the blog does with an activity its inbox verified (docs/federation.md, "The inbox"):
/// a Follow of the blog is recorded and answered with an Accept; an Undo of it, or the
/// follower's account deleted, ends it; replies become comments (`FediverseReplies`). Anything
/// else is taken and set aside.
public struct InboxProcessor: Sendable {
    let store: any FederationStore
    let addresses: FederationAddresses
    let clock: WallClock
    let replies: FediverseReplies
    let reactions: FediverseReactions

    public init(store: any FederationStore, posts: any PostStore, comments: any CommentStore, addresses: FederationAddresses, clock: WallClock) {
        self.store = store
        self.addresses = addresses
        self.clock = clock
        replies = FediverseReplies(store: store, posts: posts, comments: comments, addresses: addresses, clock: clock)
        reactions = FediverseReactions(store: store, posts: posts, addresses: addresses, clock: clock)
    }

    /// What became of an activity, for the log and the tests.
    public enum Outcome: Equatable, Sendable {
        case followed
        case unfollowed
        /// A reply became a comment, held or shown as moderation decided.
        case replied(CommentStatus)
        case replyEdited
        case replyDeleted
        case reacted(PostReactions.Kind)
        case reactionUndone
        /// Understood but not for the blog, or of a kind it doesn't act on.
        case ignored(String)
    }

    /// Acts on `activity`, already known to come from `signer`.
    public func process(_ activity: JSONValue, from signer: RemoteActor) async throws -> Outcome {
        switch activity.types.first {
        case "Follow":
            guard activity["object"]?.reference == addresses.actor, let followID = activity["id"]?.string, let actorID = signer.id else {
                return .ignored("a Follow of someone else")
            }
            let now = clock.now()
            try await store.addFollower(actorID: actorID, followID: followID, now: now)
            try await store.enqueue(try ActivityStreams.json(FollowAnswer.make("Accept", of: activity, addresses: addresses)), to: [signer.inbox], now: now)
            return .followed
        case "Like":
            return try await reactions.add(activity, kind: .like, from: signer)
        case "Announce":
            return try await reactions.add(activity, kind: .boost, from: signer)
        case "Undo":
            if let undone = activity["object"]?.reference, try await reactions.remove(activityID: undone, from: signer) { return .reactionUndone }
            guard let object = activity["object"], object.isType("Follow") || object.string != nil else { return .ignored("an Undo of something else") }
            if object.isType("Follow"), object["object"]?.reference != addresses.actor { return .ignored("an Undo of a Follow of someone else") }
            // Named by id alone, it must be the Follow that was kept.
            if let id = object.string, try await store.follower(actorURI: signer.uri)?.followID != id { return .ignored("an Undo of something else") }
            return try await store.removeFollower(actorURI: signer.uri) ? .unfollowed : .ignored("an Undo from someone who wasn't following")
        case "Delete" where activity["object"]?.reference == signer.uri:
            return try await store.removeFollower(actorURI: signer.uri) ? .unfollowed : .ignored("a deleted account that wasn't following")
        case "Create" where activity["object"]?.isType("Note") == true:
            return try await replies.create(activity["object"]!, from: signer)
        case "Update" where activity["object"]?.isType("Note") == true:
            return try await replies.update(activity["object"]!, from: signer)
        case "Delete":
            guard let objectID = activity["object"]?.reference else { return .ignored("a Delete of nothing") }
            return try await replies.delete(objectID: objectID, from: signer)
        case let type:
            return .ignored("a \(type ?? "typeless") activity")
        }
    }
}
