import Foundation
import GRDB

/// Browser sessions of signed-in users: the cookie holds 256 random bits, the database only
/// their hash. A session ends after 14 days unused or 60 days in all, at sign-out, or when its
/// user's password changes. Sessions live in the database, so any process serving the blog
/// knows each one.
public protocol SessionStore: Sendable {
    func insert(userID: Int64, tokenHash: String, userAgent: String, now: Date) async throws
    /// The session with this token hash and its user, expired or not.
    func session(tokenHash: String) async throws -> (session: UserSession, user: User)?
    /// Notes that the session was used now.
    func touch(sessionID: Int64, now: Date) async throws
    /// A user's sessions, the most recently used first, expired or not.
    func sessions(userID: Int64) async throws -> [UserSession]
    /// Ends one of a user's sessions (another user's session id changes nothing).
    func end(sessionID: Int64, userID: Int64) async throws
    /// Ends every session of a user but `keeping`.
    func endOthers(userID: Int64, keeping sessionID: Int64) async throws
}

extension SessionStore {
    /// Starts a session for a user and returns the cookie's value.
    public func start(userID: Int64, userAgent: String, now: Date) async throws -> String {
        let token = RandomToken.make()
        try await insert(userID: userID, tokenHash: RandomToken.hash(token), userAgent: String(userAgent.prefix(300)), now: now)
        return token
    }

    /// The signed-in user a cookie's value stands for, while its session lasts.
    public func signedIn(token: String, now: Date) async throws -> SignedIn? {
        guard token.utf8.count <= 100, let found = try await session(tokenHash: RandomToken.hash(token)) else { return nil }
        guard !found.session.hasExpired(at: now) else {
            try await end(sessionID: found.session.id, userID: found.user.id ?? 0)
            return nil
        }
        if now.timeIntervalSince(found.session.lastUsedAt) > UserSession.touchInterval {
            try await touch(sessionID: found.session.id, now: now)
        }
        return SignedIn(user: found.user, sessionID: found.session.id, token: token)
    }

    /// A user's sessions that still last, the most recently used first.
    public func sessions(userID: Int64, now: Date) async throws -> [UserSession] {
        try await sessions(userID: userID).filter { !$0.hasExpired(at: now) }
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

    public init(id: Int64, userID: Int64, createdAt: Date, lastUsedAt: Date, userAgent: String) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.userAgent = userAgent
    }

    public static let idleLifetime: TimeInterval = 14 * 86_400
    public static let absoluteLifetime: TimeInterval = 60 * 86_400
    /// `last_used_at` is written at most this often, so browsing the admin doesn't write on every page.
    static let touchInterval: TimeInterval = 300

    func hasExpired(at now: Date) -> Bool {
        now.timeIntervalSince(lastUsedAt) > Self.idleLifetime
            || now.timeIntervalSince(createdAt) > Self.absoluteLifetime
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
