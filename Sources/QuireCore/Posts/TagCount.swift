import GRDB

/// A tag with the number of public posts that carry it.
public struct TagCount: Decodable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var name: String
    public var slug: String
    public var postCount: Int

    enum CodingKeys: String, CodingKey {
        case id, name, slug
        case postCount = "post_count"
    }
}
