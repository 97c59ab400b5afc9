import Foundation
import PostgresNIO

/// The sessions of a PostgreSQL database.
public struct PostgresSessionStore: SessionStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func insert(userID: Int64, tokenHash: String, userAgent: String, now: Date) async throws {
        try await database.execute("""
            INSERT INTO user_session (user_id, token_hash, created_at, last_used_at, user_agent)
            VALUES (\(userID), \(tokenHash), \(now), \(now), \(userAgent))
            """)
    }

    public func session(tokenHash: String) async throws -> (session: UserSession, user: User)? {
        let rows = try await database.rows("""
            SELECT user_session.id, user_session.user_id, user_session.created_at, user_session.last_used_at, user_session.user_agent,
                   \(unescaped: PostgresUserStore.columns)
            FROM user_session JOIN user_account ON user_account.id = user_session.user_id
            WHERE user_session.token_hash = \(tokenHash)
            """)
        guard let row = rows.first else { return nil }
        let (id, userID, createdAt, lastUsedAt, userAgent, _, email, name, role, passwordHash, userCreatedAt) =
            try row.decode((Int64, Int64, Date, Date, String, Int64, String, String, String, String?, Date).self)
        return (
            UserSession(id: id, userID: userID, createdAt: createdAt, lastUsedAt: lastUsedAt, userAgent: userAgent),
            User(id: userID, email: email, name: name, role: UserRole(rawValue: role) ?? .author, passwordHash: passwordHash, createdAt: userCreatedAt)
        )
    }

    public func touch(sessionID: Int64, now: Date) async throws {
        try await database.execute("UPDATE user_session SET last_used_at = \(now) WHERE id = \(sessionID)")
    }

    public func sessions(userID: Int64) async throws -> [UserSession] {
        try await database.rows("""
            SELECT id, user_id, created_at, last_used_at, user_agent FROM user_session
            WHERE user_id = \(userID) ORDER BY last_used_at DESC, id DESC
            """).map { row in
            let (id, userID, createdAt, lastUsedAt, userAgent) = try row.decode((Int64, Int64, Date, Date, String).self)
            return UserSession(id: id, userID: userID, createdAt: createdAt, lastUsedAt: lastUsedAt, userAgent: userAgent)
        }
    }

    public func end(sessionID: Int64, userID: Int64) async throws {
        try await database.execute("DELETE FROM user_session WHERE id = \(sessionID) AND user_id = \(userID)")
    }

    public func endOthers(userID: Int64, keeping sessionID: Int64) async throws {
        try await database.execute("DELETE FROM user_session WHERE user_id = \(userID) AND id <> \(sessionID)")
    }
}
