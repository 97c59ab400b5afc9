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

extension PostWithTags {
    /// The posts with these ids and their tags, keyed by id: one query for a ranked list whose
    /// order was decided elsewhere.
    static func fetchByID(_ ids: [Int64], _ db: Database) throws -> [Int64: PostWithTags] {
        let entries = try Post.filter(keys: ids).withTags().fetchAll(db)
        return Dictionary(uniqueKeysWithValues: entries.compactMap { entry in entry.post.id.map { ($0, entry) } })
    }
}
