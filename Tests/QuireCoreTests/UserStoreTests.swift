import Crypto
import Foundation
import GRDB
@testable import QuireCore
import Testing

@Suite struct UserStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func attemptsSentAtOnceAreCountedOneAfterAnother() async throws {
        let database = try AppDatabase.inMemory()
        let throttle = SignInThrottle(database: database, secret: SiteSecret(key: SymmetricKey(data: Data("test secret".utf8))))
        let keys = throttle.keys(email: "ann@example.com", clientHash: "c")
        let now = now
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { try await throttle.attempt(keys: keys, now: now) == nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == SignInThrottle.freeFailures)
    }

    @Test func aNewPasswordEndsTheLinksStillOpen() async throws {
        let users = UserStore(database: try AppDatabase.inMemory())
        let user = try await users.create(email: "ann@example.com", name: "Ann", role: .admin, now: now)
        let link = try await users.signInLink(forUserID: user.id ?? 0, now: now)
        try await users.changePassword(hash: "$2b$04$" + String(repeating: "a", count: 53), userID: user.id ?? 0)
        #expect(try await users.user(forLink: link, now: now) == nil)
    }

    @Test func aHashOfAnotherCostIsToldApart() {
        let hasher = PasswordHasher(cost: 4)
        #expect(!hasher.needsRehash("$2b$04$" + String(repeating: "a", count: 53)))
        #expect(hasher.needsRehash("$2b$12$" + String(repeating: "a", count: 53)))
        #expect(hasher.needsRehash("garbage"))
    }
}
