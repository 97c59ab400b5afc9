import Foundation
import PostgresNIO

/// The API tokens of a PostgreSQL database.
public struct PostgresAuthorTokenStore: AuthorTokenStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func insert(name: String, tokenHash: String, now: Date) async throws {
        try await database.execute("INSERT INTO api_token (name, token_hash, created_at) VALUES (\(name), \(tokenHash), \(now))")
    }

    public func token(hash: String) async throws -> (id: Int64, lastUsedAt: Date?)? {
        try await database.rows("SELECT id, last_used_at FROM api_token WHERE token_hash = \(hash)").first
            .map { try $0.decode((Int64, Date?).self) }
            .map { (id: $0.0, lastUsedAt: $0.1) }
    }

    public func markUsed(id: Int64, at now: Date) async throws {
        try await database.execute("UPDATE api_token SET last_used_at = \(now) WHERE id = \(id)")
    }

    public func all() async throws -> [AuthorTokenListing] {
        try await database.rows("SELECT id, name, created_at, last_used_at FROM api_token ORDER BY id DESC").map { row in
            let (id, name, createdAt, lastUsedAt) = try row.decode((Int64, String, Date, Date?).self)
            return AuthorTokenListing(id: id, name: name, createdAt: createdAt, lastUsedAt: lastUsedAt)
        }
    }

    public func revoke(id: Int64) async throws {
        let deleted = try await database.rows("DELETE FROM api_token WHERE id = \(id) RETURNING id")
        guard !deleted.isEmpty else { throw StoreError.notFound }
    }
}
