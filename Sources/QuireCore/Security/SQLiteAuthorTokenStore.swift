import Foundation
import GRDB

/// The API tokens of a SQLite database.
public struct SQLiteAuthorTokenStore: AuthorTokenStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func insert(name: String, tokenHash: String, now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO api_token (name, token_hash, created_at) VALUES (?, ?, ?)", arguments: [name, tokenHash, now])
        }
    }

    public func token(hash: String) async throws -> (id: Int64, lastUsedAt: Date?)? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT id, last_used_at FROM api_token WHERE token_hash = ?", arguments: [hash])
                .map { row in (row["id"], row["last_used_at"]) }
        }
    }

    public func markUsed(id: Int64, at now: Date) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?", arguments: [now, id])
        }
    }

    public func all() async throws -> [AuthorTokenListing] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, created_at, last_used_at FROM api_token ORDER BY id DESC").map { row in
                AuthorTokenListing(id: row["id"], name: row["name"], createdAt: row["created_at"], lastUsedAt: row["last_used_at"])
            }
        }
    }

    public func revoke(id: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM api_token WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
    }
}
