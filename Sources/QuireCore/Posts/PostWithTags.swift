import GRDB

/// A post read together with its tags, as every page and API answer shows it.
public struct PostWithTags: Decodable, Sendable, Equatable, FetchableRecord {
    public var post: Post
    public var tags: [Tag]

    public init(post: Post, tags: [Tag]) {
        self.post = post
        self.tags = tags
    }
}
