import Foundation
import GRDB

/// The users and sign-in links of a SQLite database.
public struct SQLiteUserStore: UserStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Adds a user without a password; `signInLink` gives them a way to choose one.
    public func create(email: String, name: String, role: UserRole, now: Date) async throws -> User {
        let (email, name) = try User.checked(email: email, name: name)
        do {
            return try await database.writer.write { db in
                var user = User(id: nil, email: email, name: name, role: role, passwordHash: nil, createdAt: now)
                try user.insert(db)
                return user
            }
        } catch let error as DatabaseError where error.isUniqueViolation(of: "user_account.email") {
            throw StoreError.conflict(field: "email")
        }
    }

    /// A new one-time link token for the user, valid for 24 hours; older links stop working.
    public func signInLink(forUserID userID: Int64, now: Date) async throws -> String {
        let token = RandomToken.make()
        try await database.writer.write { db in
            guard try User.exists(db, id: userID) else { throw StoreError.notFound }
            try db.execute(sql: "DELETE FROM sign_in_link WHERE user_id = ?", arguments: [userID])
            try db.execute(
                sql: "INSERT INTO sign_in_link (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                arguments: [RandomToken.hash(token), userID, now.addingTimeInterval(User.signInLinkLifetime)]
            )
        }
        return token
    }

    /// The user a link is for, while it works.
    public func user(forLink token: String, now: Date) async throws -> User? {
        try await database.reader.read { db in try Self.user(forLink: token, now: now, db) }
    }

    /// A link that makes the first admin, while the blog has no user (nil once it has one);
    /// each call replaces the previous such link.
    public func firstAdminLink(now: Date) async throws -> String? {
        let token = RandomToken.make()
        return try await database.writer.write { db in
            guard try User.fetchCount(db) == 0 else { return nil }
            try db.execute(sql: "DELETE FROM sign_in_link WHERE user_id IS NULL")
            try db.execute(
                sql: "INSERT INTO sign_in_link (token_hash, user_id, expires_at) VALUES (?, NULL, ?)",
                arguments: [RandomToken.hash(token), now.addingTimeInterval(User.signInLinkLifetime)]
            )
            return token
        }
    }

    /// Whether `token` is a working first-admin link and the blog still has no user.
    public func isFirstAdminLink(_ token: String, now: Date) async throws -> Bool {
        try await database.reader.read { db in try Self.isFirstAdminLink(token, now: now, db) }
    }

    /// Makes the first admin through a first-admin link, which is then used up. Refused
    /// (`StoreError.notFound`) when the link doesn't work or someone else was quicker.
    public func createFirstAdmin(email: String, name: String, passwordHash: String, link token: String, now: Date) async throws -> User {
        let (email, name) = try User.checked(email: email, name: name)
        return try await database.writer.write { db in
            guard try Self.isFirstAdminLink(token, now: now, db) else { throw StoreError.notFound }
            try db.execute(sql: "DELETE FROM sign_in_link WHERE user_id IS NULL")
            var user = User(id: nil, email: email, name: name, role: .admin, passwordHash: passwordHash, createdAt: now)
            try user.insert(db)
            return user
        }
    }

    private static func isFirstAdminLink(_ token: String, now: Date, _ db: Database) throws -> Bool {
        try User.fetchCount(db) == 0 && Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM sign_in_link WHERE token_hash = ? AND user_id IS NULL AND expires_at > ?)
            """, arguments: [RandomToken.hash(token), now]) == true
    }

    /// Sets the password of the link's user and uses the link up; every session they had ends.
    public func setPassword(hash: String, link token: String, now: Date) async throws -> User {
        try await database.writer.write { db in
            guard let user = try Self.user(forLink: token, now: now, db), let id = user.id else { throw StoreError.notFound }
            try db.execute(sql: "DELETE FROM sign_in_link WHERE user_id = ?", arguments: [id])
            try Self.setPassword(hash: hash, userID: id, db)
            return try User.fetchOne(db, id: id) ?? user
        }
    }

    /// Changes a signed-in user's password; every session they had ends.
    public func changePassword(hash: String, userID: Int64) async throws {
        try await database.writer.write { db in try Self.setPassword(hash: hash, userID: userID, db) }
    }

    public func user(email: String) async throws -> User? {
        try await database.reader.read { db in
            try User.filter(User.Columns.email == email.trimmingCharacters(in: .whitespacesAndNewlines)).fetchOne(db)
        }
    }

    public func user(id: Int64) async throws -> User? {
        try await database.reader.read { db in try User.fetchOne(db, id: id) }
    }

    /// Every user, by name.
    public func all() async throws -> [User] {
        try await database.reader.read { db in
            try User.fetchAll(db, sql: "SELECT * FROM user_account ORDER BY name COLLATE NOCASE, id")
        }
    }

    public func count() async throws -> Int {
        try await database.reader.read { db in try User.fetchCount(db) }
    }

    /// Changes a user's role; the last admin stays one.
    public func changeRole(userID: Int64, to role: UserRole) async throws {
        try await database.writer.write { db in
            guard var user = try User.fetchOne(db, id: userID) else { throw StoreError.notFound }
            if user.role == .admin, role != .admin { try Self.refuseLosingLastAdmin(db) }
            user.role = role
            try user.update(db)
        }
    }

    /// Removes a user and their sessions; their posts stay, owned by no one (admins edit them).
    public func remove(userID: Int64) async throws {
        try await database.writer.write { db in
            guard let user = try User.fetchOne(db, id: userID) else { throw StoreError.notFound }
            if user.role == .admin { try Self.refuseLosingLastAdmin(db) }
            _ = try user.delete(db)
        }
    }

    private static func refuseLosingLastAdmin(_ db: Database) throws {
        if try User.filter(User.Columns.role == UserRole.admin.rawValue).fetchCount(db) <= 1 {
            throw StoreError.lastAdmin
        }
    }

    private static func user(forLink token: String, now: Date, _ db: Database) throws -> User? {
        try User.fetchOne(db, sql: """
            SELECT user_account.* FROM sign_in_link JOIN user_account ON user_account.id = sign_in_link.user_id
            WHERE sign_in_link.token_hash = ? AND sign_in_link.expires_at > ?
            """, arguments: [RandomToken.hash(token), now])
    }

    /// A new password ends every session of the user and every sign-in link still open.
    private static func setPassword(hash: String, userID: Int64, _ db: Database) throws {
        try db.execute(sql: "UPDATE user_account SET password_hash = ? WHERE id = ?", arguments: [hash, userID])
        try db.execute(sql: "DELETE FROM user_session WHERE user_id = ?", arguments: [userID])
        try db.execute(sql: "DELETE FROM sign_in_link WHERE user_id = ?", arguments: [userID])
    }

    /// Stores the same password hashed at another cost (after a sign-in): sessions stay.
    public func rehash(userID: Int64, hash: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE user_account SET password_hash = ? WHERE id = ?", arguments: [hash, userID])
        }
    }
}
