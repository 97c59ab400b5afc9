import Crypto
import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// Users, sign-in links, sessions and the sign-in throttle, on each engine.
@Suite struct UserStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let hash = "$2b$04$" + String(repeating: "a", count: 53)

    @Test(arguments: TestPostgres.engines)
    func attemptsSentAtOnceAreCountedOneAfterAnother(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in
            let throttle = SignInThrottle(failures: database.signInFailures, secret: SiteSecret(key: SymmetricKey(data: Data("test secret".utf8))))
            let keys = throttle.keys(email: "ann@example.com", clientHash: "c")
            let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 { group.addTask { try await throttle.attempt(keys: keys, now: now) == nil } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed == SignInThrottle.freeFailures)
            // A day later the failures are forgotten; a success forgets them at once.
            #expect(try await throttle.attempt(keys: keys, now: now.addingTimeInterval(86_401)) == nil)
            try await throttle.clear(keys: keys)
            #expect(try await database.strings("SELECT key FROM sign_in_failure") == [])
        }
    }

    @Test(arguments: TestPostgres.engines)
    func emailsAreOneAccountWhateverTheirCase(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in
            let users = database.users
            let ann = try await users.create(email: " Ann@Example.com ", name: " Ann ", role: .admin, now: now)
            #expect(ann.email == "Ann@Example.com" && ann.name == "Ann" && ann.role == .admin && ann.createdAt == now && ann.passwordHash == nil)
            await #expect(throws: StoreError.conflict(field: "email")) {
                _ = try await users.create(email: "ann@example.COM", name: "Other", role: .author, now: now)
            }
            await #expect(throws: StoreError.invalid(field: "email", message: "must be an email address")) {
                _ = try await users.create(email: "ann", name: "Ann", role: .author, now: now)
            }
            #expect(try await users.user(email: "ANN@example.com")?.id == ann.id)
            #expect(try await users.user(id: ann.id ?? 0) == ann)
            _ = try await users.create(email: "bo@example.com", name: "bo", role: .author, now: now)
            _ = try await users.create(email: "cy@example.com", name: "Cy", role: .author, now: now)
            #expect(try await users.all().map(\.name) == ["Ann", "bo", "Cy"])
            #expect(try await users.count() == 3)
            // Only ASCII letters are folded, on both engines, whatever the database's locale.
            let elodie = try await users.create(email: "Élodie@example.com", name: "Élodie", role: .author, now: now)
            #expect(try await users.user(email: "Élodie@EXAMPLE.COM")?.id == elodie.id)
            #expect(try await users.user(email: "élodie@example.com") == nil)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theFirstAdminIsMadeOnceThroughTheirLink(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in
            let users = database.users
            let first = try #require(try await users.firstAdminLink(now: now))
            let link = try #require(try await users.firstAdminLink(now: now))
            #expect(try await !users.isFirstAdminLink(first, now: now), "a new link replaces the last")
            #expect(try await users.isFirstAdminLink(link, now: now))
            #expect(try await !users.isFirstAdminLink(link, now: now.addingTimeInterval(User.signInLinkLifetime + 1)))
            let admin = try await users.createFirstAdmin(email: "ann@example.com", name: "Ann", passwordHash: Self.hash, link: link, now: now)
            #expect(admin.role == .admin && admin.passwordHash == Self.hash)
            await #expect(throws: StoreError.notFound) {
                _ = try await users.createFirstAdmin(email: "bo@example.com", name: "Bo", passwordHash: Self.hash, link: link, now: now)
            }
            #expect(try await users.firstAdminLink(now: now) == nil)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aLinkSetsThePasswordOnceAndANewPasswordEndsSessionsAndLinks(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in
            let users = database.users
            let ann = try await users.create(email: "ann@example.com", name: "Ann", role: .admin, now: now)
            let id = try #require(ann.id)
            let old = try await users.signInLink(forUserID: id, now: now)
            let link = try await users.signInLink(forUserID: id, now: now)
            #expect(try await users.user(forLink: old, now: now) == nil, "a new link replaces the last")
            #expect(try await users.user(forLink: link, now: now)?.id == id)
            await #expect(throws: StoreError.notFound) { _ = try await users.signInLink(forUserID: id + 100, now: now) }
            let session = try await database.sessions.start(userID: id, userAgent: "Firefox", now: now)
            #expect(try await users.setPassword(hash: Self.hash, link: link, now: now).passwordHash == Self.hash)
            await #expect(throws: StoreError.notFound) { _ = try await users.setPassword(hash: Self.hash, link: link, now: now) }
            #expect(try await database.sessions.signedIn(token: session, now: now) == nil)
            let another = try await users.signInLink(forUserID: id, now: now)
            try await users.changePassword(hash: Self.hash, userID: id)
            #expect(try await users.user(forLink: another, now: now) == nil)
            try await users.rehash(userID: id, hash: "$2b$05$" + String(repeating: "b", count: 53))
            #expect(try await users.user(id: id)?.passwordHash?.hasPrefix("$2b$05$") == true)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theLastAdminStaysOne(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in
            let users = database.users
            let ann = try #require(try await users.create(email: "ann@example.com", name: "Ann", role: .admin, now: now).id)
            let bo = try #require(try await users.create(email: "bo@example.com", name: "Bo", role: .author, now: now).id)
            await #expect(throws: StoreError.lastAdmin) { try await users.changeRole(userID: ann, to: .author) }
            await #expect(throws: StoreError.lastAdmin) { try await users.remove(userID: ann) }
            try await users.changeRole(userID: bo, to: .admin)
            try await users.changeRole(userID: ann, to: .author)
            #expect(try await users.user(id: ann)?.role == .author)
            try await users.remove(userID: ann)
            #expect(try await users.user(id: ann) == nil)
            await #expect(throws: StoreError.notFound) { try await users.remove(userID: ann) }
            await #expect(throws: StoreError.notFound) { try await users.changeRole(userID: ann, to: .admin) }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func sessionsLastFourteenDaysUnusedAndSixtyInAll(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in
            let sessions = database.sessions
            let ann = try #require(try await database.users.create(email: "ann@example.com", name: "Ann", role: .admin, now: now).id)
            let token = try await sessions.start(userID: ann, userAgent: String(repeating: "x", count: 400), now: now)
            let signedIn = try #require(try await sessions.signedIn(token: token, now: now))
            #expect(signedIn.userID == ann && signedIn.token == token)
            #expect(try await sessions.sessions(userID: ann, now: now).map(\.userAgent) == [String(repeating: "x", count: 300)])
            #expect(try await sessions.signedIn(token: token + "x", now: now) == nil)
            // Used every 13 days, it lasts until its 60th day.
            for day in stride(from: 13, through: 52, by: 13) {
                #expect(try await sessions.signedIn(token: token, now: now.addingTimeInterval(Double(day) * 86_400)) != nil)
            }
            #expect(try await sessions.signedIn(token: token, now: now.addingTimeInterval(61 * 86_400)) == nil)
            #expect(try await sessions.sessions(userID: ann, now: now).isEmpty, "an expired session is ended when seen")
            let kept = try await sessions.start(userID: ann, userAgent: "a", now: now)
            _ = try await sessions.start(userID: ann, userAgent: "b", now: now)
            let keptID = try #require(try await sessions.signedIn(token: kept, now: now)?.sessionID)
            try await sessions.endOthers(userID: ann, keeping: keptID)
            #expect(try await sessions.sessions(userID: ann, now: now).map(\.userAgent) == ["a"])
            try await sessions.end(sessionID: keptID, userID: ann + 1)
            #expect(try await sessions.signedIn(token: kept, now: now) != nil, "another user's id ends nothing")
            try await sessions.end(sessionID: keptID, userID: ann)
            #expect(try await sessions.signedIn(token: kept, now: now) == nil)
        }
    }

    @Test func aHashOfAnotherCostIsToldApart() {
        let hasher = PasswordHasher(cost: 4)
        #expect(!hasher.needsRehash(Self.hash))
        #expect(hasher.needsRehash("$2b$12$" + String(repeating: "a", count: 53)))
        #expect(hasher.needsRehash("garbage"))
    }
}
