import Foundation
import GRDB

/// A row of the `comment` table: what a reader wrote under a post, and where it stands.
public struct Comment: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var postID: Int64
    public var parentID: Int64?
    /// 1 for a comment on the post, 2 for a reply to it, and so on.
    public var depth: Int
    public var authorName: String
    /// Never shown or returned publicly.
    public var authorEmail: String
    public var authorURL: String?
    /// The text exactly as submitted; escaped whenever it is shown.
    public var body: String
    public var status: CommentStatus
    public var createdAt: Date
    /// A keyed hash of the client address; the address itself is never stored.
    public var clientHash: String
    public var userAgent: String
    /// The admin user who wrote it (a reply from the admin, shown as the author's), or nil.
    public var userID: Int64? = nil

    enum CodingKeys: String, CodingKey {
        case id
        case postID = "post_id"
        case parentID = "parent_id"
        case depth
        case authorName = "author_name"
        case authorEmail = "author_email"
        case authorURL = "author_url"
        case body, status
        case createdAt = "created_at"
        case clientHash = "client_hash"
        case userAgent = "user_agent"
        case userID = "user_id"
    }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let postID = Column(CodingKeys.postID)
        public static let status = Column(CodingKeys.status)
        public static let createdAt = Column(CodingKeys.createdAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Comment {
    /// Read column by column: the `Decodable` reading GRDB would otherwise use cost more than
    /// the query on a page of 50 comments.
    public init(row: Row) throws {
        id = row[CodingKeys.id.rawValue]
        postID = row[CodingKeys.postID.rawValue]
        parentID = row[CodingKeys.parentID.rawValue]
        depth = row[CodingKeys.depth.rawValue]
        authorName = row[CodingKeys.authorName.rawValue]
        authorEmail = row[CodingKeys.authorEmail.rawValue]
        authorURL = row[CodingKeys.authorURL.rawValue]
        body = row[CodingKeys.body.rawValue]
        status = try row.decode(CommentStatus.self, forColumn: CodingKeys.status.rawValue)
        createdAt = row[CodingKeys.createdAt.rawValue]
        clientHash = row[CodingKeys.clientHash.rawValue]
        userAgent = row[CodingKeys.userAgent.rawValue]
        userID = row[CodingKeys.userID.rawValue]
    }
}

/// Where a comment stands in moderation; only `approved` comments are ever public.
public enum CommentStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case pending, approved, spam, trash
}

/// A comment with the slug of its post, as the API shows it.
public struct CommentEntry: Sendable, Equatable, FetchableRecord {
    public var comment: Comment
    public var postSlug: String

    public init(comment: Comment, postSlug: String) {
        self.comment = comment
        self.postSlug = postSlug
    }

    public init(row: Row) throws {
        comment = try Comment(row: row)
        postSlug = row["post_slug"]
    }
}
