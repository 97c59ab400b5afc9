import GRDB

/// A row of the `tag` table: a name shown to readers and the slug of its page.
public struct Tag: Codable, Sendable, Equatable, Hashable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var name: String
    public var slug: String

    public init(id: Int64? = nil, name: String, slug: String) {
        self.id = id
        self.name = name
        self.slug = slug
    }

    public enum Columns {
        public static let name = Column(CodingKeys.name)
        public static let slug = Column(CodingKeys.slug)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of the `post_tag` table: one tag on one post.
public struct PostTag: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "post_tag"
    public var postID: Int64
    public var tagID: Int64

    enum CodingKeys: String, CodingKey {
        case postID = "post_id"
        case tagID = "tag_id"
    }

    static let tag = belongsTo(Tag.self)
}
