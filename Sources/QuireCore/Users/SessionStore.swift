import Foundation
import GRDB

/// Browser sessions of signed-in users: the cookie holds 256 random bits, the database only
/// their hash. A session ends after 14 days unused or 60 days in all, at sign-out, or when its
/// user's password changes.
public struct SessionStore: Sendable {
    public let database: AppDatabase
    public static let idleLifetime: TimeInterval = 14 * 86_400
    public static let absoluteLifetime: TimeInterval = 60 * 86_400
    /// `last_used_at` is written at most this often, so browsing the admin doesn't write on every page.
    static let touchInterval: TimeInterval = 300

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Starts a session for a user and returns the cookie's value.
    public func start(userID: Int64, userAgent: String, now: Date) async throws -> String {
        let token = RandomToken.make()
        try await database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO user_session (user_id, token_hash, created_at, last_used_at, user_agent) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID, RandomToken.hash(token), now, now, String(userAgent.prefix(300))]
            )
        }
        return token
    }

    /// The signed-in user a cookie's value stands for, while its session lasts.
    public func signedIn(token: String, now: Date) async throws -> SignedIn? {
        guard token.utf8.count <= 100 else { return nil }
        let hash = RandomToken.hash(token)
        let found = try await database.reader.read { db -> (session: UserSession, user: User)? in
            guard let session = try UserSession.fetchOne(db, sql: "SELECT * FROM user_session WHERE token_hash = ?", arguments: [hash]),
                let user = try User.fetchOne(db, id: session.userID)
            else { return nil }
            return (session, user)
        }
        guard let found else { return nil }
        guard !found.session.hasExpired(at: now) else {
            try await end(sessionID: found.session.id, userID: found.user.id ?? 0)
            return nil
        }
        if now.timeIntervalSince(found.session.lastUsedAt) > Self.touchInterval {
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE user_session SET last_used_at = ? WHERE id = ?", arguments: [now, found.session.id])
            }
        }
        return SignedIn(user: found.user, sessionID: found.session.id, token: token)
    }

    /// A user's sessions that still last, the most recently used first.
    public func sessions(userID: Int64, now: Date) async throws -> [UserSession] {
        try await database.reader.read { db in
            try UserSession.fetchAll(db, sql: "SELECT * FROM user_session WHERE user_id = ? ORDER BY last_used_at DESC, id DESC", arguments: [userID])
        }.filter { !$0.hasExpired(at: now) }
    }

    /// Ends one of a user's sessions (another user's session id changes nothing).
    public func end(sessionID: Int64, userID: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM user_session WHERE id = ? AND user_id = ?", arguments: [sessionID, userID])
        }
    }

    /// Ends every session of a user but `keeping`.
    public func endOthers(userID: Int64, keeping sessionID: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM user_session WHERE user_id = ? AND id <> ?", arguments: [userID, sessionID])
        }
    }
}

/// A row of `user_session`.
public struct UserSession: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var userID: Int64
    public var createdAt: Date
    public var lastUsedAt: Date
    public var userAgent: String

    enum CodingKeys: String, CodingKey {
        case id
        case userID = "user_id"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case userAgent = "user_agent"
    }

    func hasExpired(at now: Date) -> Bool {
        now.timeIntervalSince(lastUsedAt) > SessionStore.idleLifetime
            || now.timeIntervalSince(createdAt) > SessionStore.absoluteLifetime
    }
}

/// Who made a request from the admin, through which session.
public struct SignedIn: Sendable, Equatable {
    public var user: User
    public var sessionID: Int64
    /// The cookie's value, which the form tokens of this session are derived from.
    public var token: String

    public var userID: Int64 { user.id ?? 0 }
}
