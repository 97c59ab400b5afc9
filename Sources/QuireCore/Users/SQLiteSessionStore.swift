import Foundation
import GRDB

/// The sessions of a SQLite database.
public struct SQLiteSessionStore: SessionStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func insert(userID: Int64, tokenHash: String, userAgent: String, now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO user_session (user_id, token_hash, created_at, last_used_at, user_agent) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID, tokenHash, now, now, userAgent]
            )
        }
    }

    public func session(tokenHash: String) async throws -> (session: UserSession, user: User)? {
        try await database.reader.read { db in
            guard let session = try UserSession.fetchOne(db, sql: "SELECT * FROM user_session WHERE token_hash = ?", arguments: [tokenHash]),
                let user = try User.fetchOne(db, id: session.userID)
            else { return nil }
            return (session, user)
        }
    }

    public func touch(sessionID: Int64, now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE user_session SET last_used_at = ? WHERE id = ?", arguments: [now, sessionID])
        }
    }

    public func sessions(userID: Int64) async throws -> [UserSession] {
        try await database.reader.read { db in
            try UserSession.fetchAll(db, sql: "SELECT * FROM user_session WHERE user_id = ? ORDER BY last_used_at DESC, id DESC", arguments: [userID])
        }
    }

    public func end(sessionID: Int64, userID: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM user_session WHERE id = ? AND user_id = ?", arguments: [sessionID, userID])
        }
    }

    public func endOthers(userID: Int64, keeping sessionID: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM user_session WHERE user_id = ? AND id <> ?", arguments: [userID, sessionID])
        }
    }
}
