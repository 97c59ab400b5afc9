import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// Followers, actors, blocks and the delivery queue, on both engines.
@Suite struct FederationStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func actor(_ uri: String, sharedInbox: String? = nil, now: Date) -> RemoteActor {
        RemoteActor(
            uri: uri, inbox: uri + "/inbox", sharedInbox: sharedInbox, keyID: uri + "#main-key", publicKeyPEM: "PEM of \(uri)",
            handle: String(uri.split(separator: "/").last ?? ""), name: "Someone", profileURL: uri, fetchedAt: now
        )
    }

    @Test(arguments: TestPostgres.engines)
    func followersAreKeptOnceAndReachedOncePerSharedInbox(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { blog in
            let store = blog.federation
            let ann = try await store.keep(Self.actor("https://social.example/users/ann", sharedInbox: "https://social.example/inbox", now: now))
            let bo = try await store.keep(Self.actor("https://social.example/users/bo", sharedInbox: "https://social.example/inbox", now: now))
            let cy = try await store.keep(Self.actor("https://solo.example/cy", now: now))
            // Fetched again with a new key: the same row, changed.
            var rotated = Self.actor("https://solo.example/cy", now: now.addingTimeInterval(60))
            rotated.publicKeyPEM = "a new key"
            #expect(try await store.keep(rotated).id == cy.id)
            #expect(try await store.actor(uri: "https://solo.example/cy")?.publicKeyPEM == "a new key")

            for (index, actor) in [ann, bo, cy].enumerated() {
                try await store.addFollower(actorID: actor.id ?? 0, followID: actor.uri + "#follow", now: now.addingTimeInterval(Double(index)))
            }
            try await store.addFollower(actorID: ann.id ?? 0, followID: "again", now: now.addingTimeInterval(10))
            #expect(try await store.followerCount() == 3)
            #expect(try await store.followers(offset: 0, limit: 10).map(\.actor.handle) == ["cy", "bo", "ann"])
            #expect(try await store.followers(offset: 0, limit: 10).last?.followID == "again")
            #expect(try await store.followerInboxes() == ["https://social.example/inbox", "https://solo.example/cy/inbox"])

            #expect(try await store.removeFollower(actorURI: bo.uri))
            #expect(!(try await store.removeFollower(actorURI: bo.uri)))
            #expect(try await store.followerCount() == 2)

            // Blocking a domain removes its followers, subdomains' too.
            try await store.block(domain: "example", now: now)
            #expect(try await store.followerCount() == 0)
            #expect(try await store.blockedDomains() == ["example"])
            try await store.unblock(domain: "example")
            #expect(try await store.blockedDomains() == [])
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aDeliveryIsTakenOnceUntilItsLeaseEndsAndFailuresAreCountedPerHost(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { blog in
            let store = blog.federation
            try await store.enqueue(#"{"type":"Accept"}"#, to: ["https://a.example/inbox", "https://b.example/inbox"], now: now)
            #expect(try await store.pendingDeliveryCount() == 2)
            let taken = try await store.claimDue(now: now, limit: 10, leaseUntil: now.addingTimeInterval(300))
            #expect(taken.map(\.host) == ["a.example", "b.example"])
            #expect(taken.allSatisfy { $0.activity == #"{"type":"Accept"}"# && $0.attempts == 0 })
            // Taken: not due again until the lease ends.
            #expect(try await store.claimDue(now: now.addingTimeInterval(299), limit: 10, leaseUntil: now).isEmpty)

            try await store.delivered(taken[0])
            try await store.failed(taken[1], error: "connection refused", retryAt: now.addingTimeInterval(60), now: now)
            #expect(try await store.pendingDeliveryCount() == 1)
            #expect(try await store.failingHosts() == [DeliveryHostFailures(host: "b.example", failures: 1, lastFailureAt: now, lastError: "connection refused")])
            let again = try await store.claimDue(now: now.addingTimeInterval(60), limit: 10, leaseUntil: now.addingTimeInterval(400))
            #expect(again.map(\.attempts) == [1])
            // Given up: gone from the queue; the host's failures stay counted until one arrives.
            try await store.failed(again[0], error: "410", retryAt: nil, now: now)
            #expect(try await store.pendingDeliveryCount() == 0)
            #expect(try await store.failingHosts().first?.failures == 2)
            try await store.enqueue("{}", to: ["https://b.example/inbox"], now: now)
            try await store.delivered(try await store.claimDue(now: now, limit: 1, leaseUntil: now)[0])
            #expect(try await store.failingHosts().isEmpty)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func oneInboxsDeliveriesAreTakenInQueueOrderAndWaitBehindAFailedOne(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { blog in
            let store = blog.federation
            for activity in ["Create", "Update", "Delete"] { try await store.enqueue(activity, to: ["https://a.example/inbox"], now: now) }
            try await store.enqueue("Accept", to: ["https://b.example/inbox"], now: now)
            // A batch cut short takes the earliest; the rest wait for it, even for another taker.
            let first = try await store.claimDue(now: now, limit: 1, leaseUntil: now.addingTimeInterval(900))
            #expect(first.map(\.activity) == ["Create"])
            #expect(try await store.claimDue(now: now, limit: 10, leaseUntil: now.addingTimeInterval(900)).map(\.activity) == ["Accept"])
            // It fails: the later ones, given back, stay behind it until its retry.
            try await store.failed(first[0], error: "503", retryAt: now.addingTimeInterval(30), now: now)
            #expect(try await store.claimDue(now: now.addingTimeInterval(29), limit: 10, leaseUntil: now.addingTimeInterval(900)).isEmpty)
            let retried = try await store.claimDue(now: now.addingTimeInterval(30), limit: 10, leaseUntil: now.addingTimeInterval(900))
            #expect(retried.map(\.activity) == ["Create", "Update", "Delete"])
            try await store.delivered(retried[0])
            try await store.release(Array(retried[1...]), until: now.addingTimeInterval(31))
            #expect(try await store.claimDue(now: now.addingTimeInterval(31), limit: 10, leaseUntil: now.addingTimeInterval(900)).map(\.activity) == ["Update", "Delete"])
        }
    }

    @Test func aBlockedDomainCoversItsSubdomainsAndIsTypedAnyHowAnOwnerWould() {
        #expect(BlockedDomains.contains("spam.example", in: ["spam.example"]))
        #expect(BlockedDomains.contains("Mail.Spam.Example", in: ["spam.example"]))
        #expect(!BlockedDomains.contains("notspam.example", in: ["spam.example"]))
        #expect(BlockedDomains.normalized(" https://Spam.Example/users/x ") == "spam.example")
        #expect(BlockedDomains.normalized("@someone@spam.example") == "spam.example")
        #expect(BlockedDomains.normalized("localhost") == nil)
        #expect(BlockedDomains.normalized("spam..example") == nil)
        #expect(BlockedDomains.normalized("sp am.example") == nil)
    }
}
