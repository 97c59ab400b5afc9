import Foundation
import GRDB

/// A row of `user_account`: someone who signs in to the admin.
public struct User: Codable, Sendable, Equatable, Identifiable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "user_account"

    public var id: Int64?
    public var email: String
    public var name: String
    public var role: UserRole
    /// bcrypt; nil until the user has chosen a password through their link.
    public var passwordHash: String?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, name, role
        case passwordHash = "password_hash"
        case createdAt = "created_at"
    }

    public enum Columns {
        static let email = Column(CodingKeys.email)
        static let role = Column(CodingKeys.role)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Whether this user may change a post owned by `ownerID`: admins every post, authors their own.
    public func mayEdit(postOwnedBy ownerID: Int64?) -> Bool {
        role == .admin || (ownerID != nil && ownerID == id)
    }
}

/// What a user may do (SPEC §9): an admin everything, an author their own posts and media.
public enum UserRole: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case admin, author
}
