import Crypto
import Foundation
import GRDB

/// The bearer tokens authors use for the API: shown once when created, stored only as a hash.
public struct AuthorTokens: Sendable {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Makes a new random token with a name, stores its hash and returns the token itself.
    public func create(name: String, now: Date) async throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw StoreError.invalid(field: "name", message: "must not be empty") }
        let token = RandomToken.make(prefix: "quire_")
        try await database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO api_token (name, token_hash, created_at) VALUES (?, ?, ?)",
                arguments: [name, Self.hash(token), now]
            )
        }
        return token
    }

    /// Whether a presented token is one of the stored ones; notes when it was used (at most
    /// once a minute per token, so reads don't turn into writes). The lookup is by the token's
    /// SHA-256, which says nothing about how close a guess was to a real token.
    public func isValid(_ token: String, now: Date) async throws -> Bool {
        guard token.hasPrefix("quire_"), token.utf8.count < 200 else { return false }
        let hash = Self.hash(token)
        let found = try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT id, last_used_at FROM api_token WHERE token_hash = ?", arguments: [hash])
                .map { row -> (id: Int64, lastUsed: Date?) in (row["id"], row["last_used_at"]) }
        }
        guard let found else { return false }
        if found.lastUsed.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?", arguments: [now, found.id])
            }
        }
        return true
    }

    /// A stored token as the admin lists it: never the token itself.
    public struct Listing: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var createdAt: Date
        public var lastUsedAt: Date?
    }

    /// Every token, newest first.
    public func all() async throws -> [Listing] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at, last_used_at FROM api_token ORDER BY id DESC").map { row in
                Listing(id: row["id"], name: row["name"], createdAt: row["created_at"], lastUsedAt: row["last_used_at"])
            }
        }
    }

    /// Revokes a token: it stops working at once.
    public func revoke(id: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM api_token WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
    }

    static func hash(_ token: String) -> String {
        RandomToken.hash(token)
    }
}
