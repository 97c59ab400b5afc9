import Crypto
import Foundation
import GRDB
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite struct SecurityTests {
    let secret = SiteSecret(key: SymmetricKey(data: Data("test secret".utf8)))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A token is the same for every reader within its 12-hour window, and is accepted from the
    /// start of its window until 36 hours later, never before and never for another post.
    @Test func formTokenIsSharedWithinAWindowAndValidForAtLeast24Hours() {
        let tokens = FormTokens(secret: secret)
        let windowStart = FormTokens.nextWindowStart(after: now)
        let token = tokens.token(postID: 7, now: windowStart)
        #expect(tokens.token(postID: 7, now: windowStart.addingTimeInterval(FormTokens.window - 1)) == token)
        #expect(tokens.token(postID: 7, now: windowStart.addingTimeInterval(FormTokens.window)) != token)
        #expect(tokens.token(postID: 7, now: windowStart.addingTimeInterval(-1)) != token)
        #expect(tokens.isValid(token, postID: 7, now: windowStart))
        #expect(tokens.isValid(token, postID: 7, now: windowStart.addingTimeInterval(36 * 3600 - 1)))
        #expect(!tokens.isValid(token, postID: 7, now: windowStart.addingTimeInterval(36 * 3600)))
        #expect(!tokens.isValid(token, postID: 7, now: windowStart.addingTimeInterval(-1)))
        #expect(!tokens.isValid(token, postID: 8, now: windowStart))
    }

    @Test(arguments: ["", "abc", "1.2.3", "99999999999999999999.00", "12.zz"])
    func forgedTokensAreRefused(token: String) {
        #expect(!FormTokens(secret: secret).isValid(token, postID: 1, now: now))
    }

    @Test func tokenFromAnotherSecretIsRefused() {
        let other = FormTokens(secret: SiteSecret(key: SymmetricKey(data: Data("other".utf8))))
        #expect(!FormTokens(secret: secret).isValid(other.token(postID: 1, now: now), postID: 1, now: now))
    }

    @Test(arguments: TestPostgres.engines)
    func generatedSecretIsKeptInTheDatabase(engine: DatabaseEngine) async throws { try await TestDatabases.with(engine) { database in
        let first = try await SiteSecret.load(configured: "", settings: database.settings)
        let second = try await SiteSecret.load(configured: "", settings: database.settings)
        #expect(first.clientHash("127.0.0.1") == second.clientHash("127.0.0.1"))
        #expect(first.clientHash("127.0.0.1") != first.clientHash("127.0.0.2"))
        #expect(!first.clientHash("127.0.0.1").contains("127.0.0.1"))
        #expect(first.clientHash("127.0.0.1").count == 32)
        let configured = try await SiteSecret.load(configured: "from config", settings: database.settings)
        #expect(configured.clientHash("127.0.0.1") != first.clientHash("127.0.0.1"))
    } }

    @Test(arguments: TestPostgres.engines)
    func authorTokensAreStoredOnlyAsHashes(engine: DatabaseEngine) async throws { try await TestDatabases.with(engine) { database in
        let tokens = database.tokens
        let token = try await tokens.create(name: "laptop", now: now)
        #expect(token.hasPrefix("quire_") && token.count > 40)
        #expect(try await tokens.isValid(token, now: now))
        #expect(try await !tokens.isValid(token + "x", now: now))
        #expect(try await !tokens.isValid("", now: now))
        #expect(try await !tokens.isValid("quire_" + String(repeating: "A", count: 43), now: now))
        let stored = try await database.strings("SELECT id || '|' || name || '|' || token_hash || '|' || created_at FROM api_token")
        #expect(stored.count == 1)
        let row = try #require(stored.first ?? nil)
        #expect(!row.contains(token) && !row.contains(String(token.dropFirst(6))))
        let other = try await tokens.create(name: "phone", now: now)
        #expect(other != token)
        #expect(try await tokens.isValid(other, now: now))
        #expect(try await tokens.isValid(token, now: now))
        await #expect(throws: StoreError.self) { _ = try await tokens.create(name: "  ", now: now) }
    } }

    @Test(arguments: TestPostgres.engines)
    func tokensListWhenTheyWereLastUsedAndStopWorkingWhenRevoked(engine: DatabaseEngine) async throws { try await TestDatabases.with(engine) { database in
        let tokens = database.tokens
        let token = try await tokens.create(name: "laptop", now: now)
        #expect(try await tokens.all().map(\.lastUsedAt) == [nil])
        #expect(try await tokens.isValid(token, now: now.addingTimeInterval(30)))
        #expect(try await tokens.all().map(\.lastUsedAt) == [now.addingTimeInterval(30)])
        // Within a minute the use is not written again.
        #expect(try await tokens.isValid(token, now: now.addingTimeInterval(60)))
        #expect(try await tokens.all().first?.lastUsedAt == now.addingTimeInterval(30))
        let listing = try #require(try await tokens.all().first)
        #expect(listing.name == "laptop")
        try await tokens.revoke(id: listing.id)
        #expect(try await !tokens.isValid(token, now: now))
        await #expect(throws: StoreError.notFound) { try await tokens.revoke(id: listing.id) }
    } }
}
