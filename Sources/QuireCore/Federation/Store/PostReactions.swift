/// How many on the fediverse liked and boosted a post.
public struct PostReactions: Sendable, Equatable {
    public var likes: Int
    public var boosts: Int

    public init(likes: Int, boosts: Int) {
        self.likes = likes
        self.boosts = boosts
    }

    public enum Kind: String, Sendable {
        case like, boost
    }

    /// "3 likes and 1 boost on the fediverse", or nil when there are none.
    public var summary: String? {
        let parts = [(likes, "like", "likes"), (boosts, "boost", "boosts")].filter { $0.0 > 0 }.map { "\($0.0) \($0.0 == 1 ? $0.1 : $0.2)" }
        return parts.isEmpty ? nil : parts.joined(separator: " and ") + " on the fediverse"
    }
}
