import Foundation

/// The bearer tokens authors use for the API: shown once when created, stored only as a hash.
public protocol AuthorTokenStore: Sendable {
    /// Stores a new token's hash under a name.
    func insert(name: String, tokenHash: String, now: Date) async throws
    /// The token with this hash: its id and when it was last used.
    func token(hash: String) async throws -> (id: Int64, lastUsedAt: Date?)?
    func markUsed(id: Int64, at now: Date) async throws
    /// Every token, newest first.
    func all() async throws -> [AuthorTokenListing]
    /// Revokes a token: it stops working at once. `StoreError.notFound` if there is none.
    func revoke(id: Int64) async throws
}

/// A stored token as the admin lists it: never the token itself.
public struct AuthorTokenListing: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

extension AuthorTokenStore {
    /// Makes a new random token with a name, stores its hash and returns the token itself.
    public func create(name: String, now: Date) async throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw StoreError.invalid(field: "name", message: "must not be empty") }
        let token = RandomToken.make(prefix: "quire_")
        try await insert(name: name, tokenHash: RandomToken.hash(token), now: now)
        return token
    }

    /// Whether a presented token is one of the stored ones; notes when it was used (at most
    /// once a minute per token, so reads don't turn into writes). The lookup is by the token's
    /// SHA-256, which says nothing about how close a guess was to a real token.
    public func isValid(_ token: String, now: Date) async throws -> Bool {
        guard token.hasPrefix("quire_"), token.utf8.count < 200 else { return false }
        guard let found = try await self.token(hash: RandomToken.hash(token)) else { return false }
        if found.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await markUsed(id: found.id, at: now)
        }
        return true
    }
}
