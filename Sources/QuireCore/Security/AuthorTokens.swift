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

    /// Whether a presented token is one of the stored ones. Every stored hash is compared in
    /// full, so the time taken says nothing about how close a guess was.
    public func isValid(_ token: String) async throws -> Bool {
        guard token.hasPrefix("quire_"), token.utf8.count < 200 else { return false }
        let presented = Array(Self.hash(token).utf8)
        let stored = try await database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT token_hash FROM api_token")
        }
        var matched = false
        for hash in stored where ConstantTime.equal(Array(hash.utf8), presented) {
            matched = true
        }
        return matched
    }

    static func hash(_ token: String) -> String {
        RandomToken.hash(token)
    }
}
