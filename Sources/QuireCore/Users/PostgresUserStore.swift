import Foundation
import PostgresNIO

/// The users and sign-in links of a PostgreSQL database.
public struct PostgresUserStore: UserStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    static let columns = "user_account.id, user_account.email, user_account.name, user_account.role, user_account.password_hash, user_account.created_at"

    public func create(email: String, name: String, role: UserRole, now: Date) async throws -> User {
        let (email, name) = try User.checked(email: email, name: name)
        do {
            let rows = try await database.rows("""
                INSERT INTO user_account (email, name, role, created_at) VALUES (\(email), \(name), \(role.rawValue), \(now))
                RETURNING \(unescaped: Self.columns)
                """)
            return try User(rows[0])
        } catch where PostgresFailure.sqlState(of: error) == PostgresFailure.uniqueViolation {
            throw StoreError.conflict(field: "email")
        }
    }

    public func signInLink(forUserID userID: Int64, now: Date) async throws -> String {
        let token = RandomToken.make()
        let expiry = now.addingTimeInterval(User.signInLinkLifetime)
        try await database.transaction { connection in
            // Locked, so links made at once replace each other and a user removed meanwhile is notFound.
            guard try await !connection.rows("SELECT 1 FROM user_account WHERE id = \(userID) FOR UPDATE").isEmpty else { throw StoreError.notFound }
            try await connection.execute("DELETE FROM sign_in_link WHERE user_id = \(userID)")
            try await connection.execute("INSERT INTO sign_in_link (token_hash, user_id, expires_at) VALUES (\(RandomToken.hash(token)), \(userID), \(expiry))")
        }
        return token
    }

    public func user(forLink token: String, now: Date) async throws -> User? {
        try await database.rows(Self.userForLink(token, now: now)).first.map(User.init)
    }

    private static func userForLink(_ token: String, now: Date, locking: Bool = false) -> PostgresQuery {
        """
        SELECT \(unescaped: columns) FROM sign_in_link JOIN user_account ON user_account.id = sign_in_link.user_id
        WHERE sign_in_link.token_hash = \(RandomToken.hash(token)) AND sign_in_link.expires_at > \(now)
        \(unescaped: locking ? "FOR UPDATE OF sign_in_link" : "")
        """
    }

    public func firstAdminLink(now: Date) async throws -> String? {
        let token = RandomToken.make()
        let expiry = now.addingTimeInterval(User.signInLinkLifetime)
        return try await database.transaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.firstAdminLock))")
            guard try await connection.rows("SELECT 1 FROM user_account LIMIT 1").isEmpty else { return nil }
            try await connection.execute("DELETE FROM sign_in_link WHERE user_id IS NULL")
            try await connection.execute("INSERT INTO sign_in_link (token_hash, user_id, expires_at) VALUES (\(RandomToken.hash(token)), NULL, \(expiry))")
            return token
        }
    }

    public func isFirstAdminLink(_ token: String, now: Date) async throws -> Bool {
        try await database.rows(Self.isFirstAdminLink(token, now: now)).first?.decode(Bool.self) ?? false
    }

    private static func isFirstAdminLink(_ token: String, now: Date) -> PostgresQuery {
        """
        SELECT NOT EXISTS (SELECT 1 FROM user_account)
           AND EXISTS (SELECT 1 FROM sign_in_link WHERE token_hash = \(RandomToken.hash(token)) AND user_id IS NULL AND expires_at > \(now))
        """
    }

    public func createFirstAdmin(email: String, name: String, passwordHash: String, link token: String, now: Date) async throws -> User {
        let (email, name) = try User.checked(email: email, name: name)
        return try await database.transaction { connection in
            // One first admin, however many processes are asked at once.
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.firstAdminLock))")
            guard try await connection.rows(Self.isFirstAdminLink(token, now: now)).first?.decode(Bool.self) == true else {
                throw StoreError.notFound
            }
            try await connection.execute("DELETE FROM sign_in_link WHERE user_id IS NULL")
            let rows = try await connection.rows("""
                INSERT INTO user_account (email, name, role, password_hash, created_at)
                VALUES (\(email), \(name), \(UserRole.admin.rawValue), \(passwordHash), \(now))
                RETURNING \(unescaped: Self.columns)
                """)
            return try User(rows[0])
        }
    }

    public func setPassword(hash: String, link token: String, now: Date) async throws -> User {
        try await database.transaction { connection in
            guard let row = try await connection.rows(Self.userForLink(token, now: now, locking: true)).first else { throw StoreError.notFound }
            var user = try User(row)
            try await Self.setPassword(hash: hash, userID: user.id ?? 0, connection)
            user.passwordHash = hash
            return user
        }
    }

    public func changePassword(hash: String, userID: Int64) async throws {
        try await database.transaction { connection in try await Self.setPassword(hash: hash, userID: userID, connection) }
    }

    /// A new password ends every session of the user and every sign-in link still open.
    private static func setPassword(hash: String, userID: Int64, _ connection: PostgresConnection) async throws {
        try await connection.execute("UPDATE user_account SET password_hash = \(hash) WHERE id = \(userID)")
        try await connection.execute("DELETE FROM user_session WHERE user_id = \(userID)")
        try await connection.execute("DELETE FROM sign_in_link WHERE user_id = \(userID)")
    }

    public func rehash(userID: Int64, hash: String) async throws {
        try await database.execute("UPDATE user_account SET password_hash = \(hash) WHERE id = \(userID)")
    }

    public func user(email: String) async throws -> User? {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await database.rows("SELECT \(unescaped: Self.columns) FROM user_account WHERE lower(email) = lower(\(email) COLLATE \"C\")").first.map(User.init)
    }

    public func user(id: Int64) async throws -> User? {
        try await database.rows("SELECT \(unescaped: Self.columns) FROM user_account WHERE id = \(id)").first.map(User.init)
    }

    public func all() async throws -> [User] {
        try await database.rows("SELECT \(unescaped: Self.columns) FROM user_account ORDER BY lower(name COLLATE \"C\"), id").map(User.init)
    }

    public func count() async throws -> Int {
        try await database.rows("SELECT count(*) FROM user_account").first?.decode(Int.self) ?? 0
    }

    public func changeRole(userID: Int64, to role: UserRole) async throws {
        try await database.transaction { connection in
            let current = try await Self.lockingAdmins(connection, userID: userID)
            if current == .admin, role != .admin { try await Self.refuseLosingLastAdmin(connection) }
            try await connection.execute("UPDATE user_account SET role = \(role.rawValue) WHERE id = \(userID)")
        }
    }

    public func remove(userID: Int64) async throws {
        try await database.transaction { connection in
            let current = try await Self.lockingAdmins(connection, userID: userID)
            if current == .admin { try await Self.refuseLosingLastAdmin(connection) }
            try await connection.execute("DELETE FROM user_account WHERE id = \(userID)")
        }
    }

    /// The user's role, with every admin row locked, so that two processes demoting the last two
    /// admins at once take turns and the second is refused.
    private static func lockingAdmins(_ connection: PostgresConnection, userID: Int64) async throws -> UserRole {
        let rows = try await connection.rows("SELECT id, role FROM user_account WHERE role = 'admin' OR id = \(userID) ORDER BY id FOR UPDATE")
        for row in rows {
            let (id, role) = try row.decode((Int64, String).self)
            if id == userID { return UserRole(rawValue: role) ?? .author }
        }
        throw StoreError.notFound
    }

    private static func refuseLosingLastAdmin(_ connection: PostgresConnection) async throws {
        let admins = try await connection.rows("SELECT count(*) FROM user_account WHERE role = 'admin'").first?.decode(Int.self) ?? 0
        if admins <= 1 { throw StoreError.lastAdmin }
    }

    /// The advisory lock that makes the first-admin link and the first admin one at a time.
    private static let firstAdminLock: Int64 = 0x7175_6972_6501
}

extension User {
    /// A user from a row of `PostgresUserStore.columns`.
    init(_ row: PostgresRow) throws {
        let (id, email, name, role, passwordHash, createdAt) = try row.decode((Int64, String, String, String, String?, Date).self)
        self.init(id: id, email: email, name: name, role: UserRole(rawValue: role) ?? .author, passwordHash: passwordHash, createdAt: createdAt)
    }
}
