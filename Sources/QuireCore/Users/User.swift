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

    /// Whether this user may change a post or an image owned by `ownerID`: admins everything,
    /// authors their own.
    public func mayChange(ownedBy ownerID: Int64?) -> Bool {
        role == .admin || (ownerID != nil && ownerID == id)
    }

    /// The owner the admin's lists are kept to for this user: an author's own, nil (everyone's)
    /// for an admin.
    public var listsOwnerID: Int64? {
        role == .admin ? nil : id
    }
}

/// What a user may do (SPEC §9): an admin everything, an author their own posts and media.
public enum UserRole: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case admin, author
}
