import CryptoExtras
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuireCore
import QuireTestSupport
import Synchronization
import Testing

@testable import QuireWeb

/// The inbox and the delivery queue against another server on a real loopback port: a Follow
/// verified with the key fetched from the follower's actor, the signed Accept delivered, and
/// every kind of bad request refused with nothing stored.
@Suite struct FederationInboxTests {
    /// Another fediverse server: one actor, `ann`, whose key the test can rotate, and an inbox
    /// that keeps what it receives (answering 503 while `down`).
    final class Remote: Sendable {
        let key = Mutex(try! _RSA.Signing.PrivateKey(keySize: .bits2048))
        let received = Mutex<[(fields: [String: String], body: String)]>([])
        let down = Mutex(false)
        let base = Mutex("")

        var actorURI: String { base.withLock { $0 } + "/users/ann" }
        var keyID: String { actorURI + "#main-key" }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.get("/users/ann") { [self] _, _ -> Response in
                let pem = key.withLock { $0.publicKey.pemRepresentation }
                let actor: [String: Any] = [
                    "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
                    "id": actorURI, "type": "Person", "preferredUsername": "ann", "name": "Ann Example",
                    "inbox": actorURI + "/inbox", "url": base.withLock { $0 } + "/@ann",
                    "publicKey": ["id": keyID, "owner": actorURI, "publicKeyPem": pem],
                ]
                return Response(status: .ok, headers: [.contentType: "application/activity+json"], body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: actor))))
            }
            router.post("/users/ann/inbox") { [self] request, _ -> Response in
                guard !down.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
                var fields = ["host": request.head.authority ?? ""]
                for field in request.headers { fields[field.name.canonicalName.lowercased()] = field.value }
                let body = String(buffer: try await request.body.collect(upTo: 1_048_576))
                received.withLock { $0.append((fields, body)) }
                return Response(status: .accepted)
            }
            return router
        }

        /// An activity from ann to the blog's inbox, signed as Mastodon signs: the headers to send.
        func signed(_ activity: [String: Any], date: Date, with key: _RSA.Signing.PrivateKey? = nil, body override: Data? = nil) throws -> (HTTPFields, ByteBuffer) {
            let body = try JSONSerialization.data(withJSONObject: activity)
            let fields: [(name: String, value: String)] = [
                ("host", "blog.example"), ("date", SignatureDate.field(for: date)), ("digest", BodyDigest.digestField(for: body)),
                ("content-type", "application/activity+json"),
            ]
            let message = SignedMessage(method: "POST", target: "/activitypub/inbox", fields: fields)
            let signature = try CavageSignature.sign(message, covering: ["(request-target)", "host", "date", "digest"], keyID: keyID, with: key ?? self.key.withLock { $0 })
            var headers: HTTPFields = [.contentType: "application/activity+json", .signature: signature.headerValue]
            headers[.date] = fields[1].value
            headers[.digest] = fields[2].value
            return (headers, ByteBuffer(data: override ?? body))
        }

        func follow(_ id: String = "/follows/1") -> [String: Any] {
            ["@context": "https://www.w3.org/ns/activitystreams", "id": actorURI + id, "type": "Follow", "actor": actorURI, "object": "https://blog.example/activitypub/actor"]
        }
    }

    func withRemoteAndBlog(_ engine: DatabaseEngine, _ body: @escaping @Sendable (Remote, TestSite, QuireServices, any TestClientProtocol) async throws -> Void) async throws {
        let remote = Remote()
        let site = try TestSite { $0.federation.enabled = true; $0.federation.allowPrivateAddresses = true }
        try await Application(router: remote.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { remoteClient in
            remote.base.withLock { $0 = "http://127.0.0.1:\(remoteClient.port!)" }
            try await site.on(engine) { site in
                let services = try await site.services()
                try await Application(router: buildRouter(services: services)).test(.router) { client in
                    try await body(remote, site, services, client)
                }
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aVerifiedFollowIsKeptAndAnsweredWithASignedAccept(engine: DatabaseEngine) async throws {
        try await withRemoteAndBlog(engine) { remote, site, services, client in
            let (headers, body) = try remote.signed(remote.follow(), date: site.clock.now)
            let response = try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body)
            #expect(response.status == .accepted)
            #expect(try await services.federation.store.followerCount() == 1)
            #expect(try await client.execute(uri: "/activitypub/followers", method: .get).json()["totalItems"] as? Int == 1)
            let follower = try #require(try await services.federation.store.followers(offset: 0, limit: 1).first)
            #expect(follower.actor.account == "@ann@127.0.0.1" && follower.actor.name == "Ann Example")

            // The Accept goes out from the queue, signed with the key the blog's actor shows.
            let sent = try await services.federation.worker.deliverDue()
            #expect(sent.delivered == 1 && sent.failed == 0)
            let accept = try #require(remote.received.withLock { $0.first })
            let document = try #require(try JSONSerialization.jsonObject(with: Data(accept.body.utf8)) as? [String: Any])
            #expect(document["type"] as? String == "Accept")
            #expect(document["actor"] as? String == "https://blog.example/activitypub/actor")
            #expect((document["object"] as? [String: Any])?["id"] as? String == remote.actorURI + "/follows/1")
            let pem = try await client.execute(uri: "/activitypub/actor", method: .get).json()["publicKey"].flatMap { ($0 as? [String: String])?["publicKeyPem"] }
            let message = SignedMessage(method: "POST", target: "/users/ann/inbox", fields: accept.fields.map { ($0.key, $0.value) }, scheme: "http")
            let signature = try CavageSignature(header: try #require(message.field("signature")))
            #expect(signature.keyID == "https://blog.example/activitypub/actor#main-key")
            try signature.verify(message, publicKey: try _RSA.Signing.PublicKey(pemRepresentation: try #require(pem)))
            #expect(BodyDigest.matches(digestField: message.field("digest") ?? "", body: Array(accept.body.utf8)))

            // Undo ends the follow.
            let undo: [String: Any] = ["id": remote.actorURI + "/undo/1", "type": "Undo", "actor": remote.actorURI, "object": remote.follow()]
            let (undoHeaders, undoBody) = try remote.signed(undo, date: site.clock.now)
            #expect(try await client.execute(uri: "/activitypub/inbox", method: .post, headers: undoHeaders, body: undoBody).status == .accepted)
            #expect(try await services.federation.store.followerCount() == 0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func unsignedForgedStaleAndMismatchedRequestsAre401AndStoreNothing(engine: DatabaseEngine) async throws {
        try await withRemoteAndBlog(engine) { remote, site, services, client in
            func status(_ headers: HTTPFields, _ body: ByteBuffer) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body).status
            }
            let now = site.clock.now
            var (headers, body) = try remote.signed(remote.follow(), date: now)
            var unsigned = headers
            unsigned[.signature] = nil
            #expect(try await status(unsigned, body) == .unauthorized)
            // Signed by a key that isn't ann's (even after fetching her key again).
            let forged = try remote.signed(remote.follow(), date: now, with: try _RSA.Signing.PrivateKey(keySize: .bits2048))
            #expect(try await status(forged.0, forged.1) == .unauthorized)
            // Two hours old: outside the window.
            let stale = try remote.signed(remote.follow(), date: now.addingTimeInterval(-7200))
            #expect(try await status(stale.0, stale.1) == .unauthorized)
            // A body other than the one digested and signed.
            let altered = try remote.signed(remote.follow(), date: now, body: try JSONSerialization.data(withJSONObject: remote.follow("/follows/2")))
            #expect(try await status(altered.0, altered.1) == .unauthorized)
            // The same, with a Content-Digest of the new body that the signature doesn't cover.
            var unsignedDigest = altered.0
            unsignedDigest[.contentDigest] = BodyDigest.contentDigestField(for: Array(buffer: altered.1))
            #expect(try await status(unsignedDigest, altered.1) == .unauthorized)
            // Signed by ann, claiming to be someone else.
            var claim = remote.follow()
            claim["actor"] = "https://other.example/users/bo"
            let mismatched = try remote.signed(claim, date: now)
            #expect(try await status(mismatched.0, mismatched.1) == .unauthorized)
            // Not JSON, or not an activity's type.
            headers[.contentType] = "text/plain"
            #expect(try await status(headers, body) == .unsupportedMediaType)
            #expect(try await services.federation.store.followerCount() == 0)
            #expect(try await services.federation.store.pendingDeliveryCount() == 0)

            // A blocked domain is refused before its key is fetched.
            try await services.federation.store.block(domain: "127.0.0.1", now: now)
            (headers, body) = try remote.signed(remote.follow(), date: now)
            #expect(try await status(headers, body) == .forbidden)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aRotatedKeyIsFetchedAgainAndAFailedDeliveryIsRetriedAfterItsWait(engine: DatabaseEngine) async throws {
        try await withRemoteAndBlog(engine) { remote, site, services, client in
            let (headers, body) = try remote.signed(remote.follow(), date: site.clock.now)
            #expect(try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body).status == .accepted)
            // Ann's server makes a new key; her next request verifies once the blog fetches it.
            remote.key.withLock { $0 = try! _RSA.Signing.PrivateKey(keySize: .bits2048) }
            let (again, againBody) = try remote.signed(remote.follow("/follows/3"), date: site.clock.now)
            #expect(try await client.execute(uri: "/activitypub/inbox", method: .post, headers: again, body: againBody).status == .accepted)

            // Her server is down: the first Accept waits 30 s and the second, unsent, behind it;
            // then both arrive, in order.
            remote.down.withLock { $0 = true }
            #expect(try await services.federation.worker.deliverDue() == (0, 1))
            #expect(try await services.federation.store.failingHosts().first?.failures == 1)
            remote.down.withLock { $0 = false }
            #expect(try await services.federation.worker.deliverDue() == (0, 0))
            site.clock.advance(by: 30)
            #expect(try await services.federation.worker.deliverDue() == (2, 0))
            let objects = remote.received.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
                .map { ($0["object"] as? [String: Any])?["id"] as? String }
            #expect(objects == [remote.actorURI + "/follows/1", remote.actorURI + "/follows/3"])
            #expect(try await services.federation.store.failingHosts().isEmpty)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func newEditedScheduledAndDeletedPostsReachTheFollowersOnce(engine: DatabaseEngine) async throws {
        try await withRemoteAndBlog(engine) { remote, site, services, client in
            let round = DeliveryService(site: services.site, federation: services.federation, metrics: .off, logger: .init(label: "test"))
            // Published before the blog federated: never pushed at followers.
            try await site.add(PostDraft(title: "From last year", bodyMarkdown: "x", publishedAt: site.clock.now.addingTimeInterval(-86_400 * 300)))
            await round.runOnce()
            let (headers, body) = try remote.signed(remote.follow(), date: site.clock.now)
            #expect(try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body).status == .accepted)
            await round.runOnce()
            func received() -> [[String: Any]] {
                remote.received.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
            }
            #expect(received().map { $0["type"] as? String } == ["Accept"])

            site.clock.advance(by: 5)
            try await site.add(PostDraft(title: "Kites", bodyMarkdown: "A *red* kite.", tags: ["Kites"], publishedAt: site.clock.now))
            try await site.add(PostDraft(title: "Tomorrow's", bodyMarkdown: "x", publishedAt: site.clock.now.addingTimeInterval(60)))
            await round.runOnce()
            let create = try #require(received().last)
            #expect(create["type"] as? String == "Create")
            let article = create["object"] as? [String: Any] ?? [:]
            #expect(article["type"] as? String == "Article" && article["name"] as? String == "Kites")
            #expect((article["content"] as? String)?.contains("<em>red</em>") == true)
            #expect(received().count == 2)

            site.clock.advance(by: 5)
            _ = try await site.store.update(slug: "kites", with: PostDraft(title: "Kites, again", bodyMarkdown: "Edited.", publishedAt: site.clock.now.addingTimeInterval(-5)), now: site.clock.now)
            await round.runOnce()
            #expect(received().last?["type"] as? String == "Update")
            #expect((received().last?["object"] as? [String: Any])?["id"] as? String == "https://blog.example/posts/kites")
            #expect((received().last?["object"] as? [String: Any])?["name"] as? String == "Kites, again")

            // The scheduled post goes out when its time comes, with no write.
            site.clock.advance(by: 61)
            await round.runOnce()
            #expect((received().last?["object"] as? [String: Any])?["name"] as? String == "Tomorrow's")

            try await site.store.delete(slug: "kites")
            await round.runOnce()
            let delete = try #require(received().last)
            #expect(delete["type"] as? String == "Delete")
            #expect((delete["object"] as? [String: Any])?["id"] as? String == "https://blog.example/posts/kites")
            let gone = try await client.execute(uri: "/posts/kites", method: .get, headers: FederationRouteTests.activityJSON)
            #expect(gone.status == .gone)
            #expect(try gone.json()["type"] as? String == "Tombstone")
            #expect(try await client.execute(uri: "/posts/kites", method: .get).status == .notFound)

            // Nothing is sent twice.
            await round.runOnce()
            site.clock.advance(by: 30)
            await round.runOnce()
            #expect(received().map { $0["type"] as? String } == ["Accept", "Create", "Update", "Create", "Delete"])

            // A new post that takes the deleted one's address goes out under an id of its own,
            // which its URL then answers with.
            site.clock.advance(by: 5)
            try await site.add(PostDraft(title: "Kites", bodyMarkdown: "New kites.", publishedAt: site.clock.now))
            await round.runOnce()
            #expect(received().last?["type"] as? String == "Create")
            let newID = try #require((received().last?["object"] as? [String: Any])?["id"] as? String)
            #expect(newID.hasPrefix("https://blog.example/posts/kites?v="))
            #expect(try await client.execute(uri: "/posts/kites", method: .get, headers: FederationRouteTests.activityJSON).json()["id"] as? String == newID)

            // Made a draft, it is deleted; published again, it is created anew under yet another id.
            site.clock.advance(by: 5)
            _ = try await site.store.update(slug: "kites", with: PostDraft(title: "Kites", bodyMarkdown: "New kites.", status: .draft), now: site.clock.now)
            await round.runOnce()
            #expect(received().last?["type"] as? String == "Delete")
            #expect((received().last?["object"] as? [String: Any])?["id"] as? String == newID)
            site.clock.advance(by: 5)
            _ = try await site.store.update(slug: "kites", with: PostDraft(title: "Kites", bodyMarkdown: "New kites.", publishedAt: site.clock.now.addingTimeInterval(-1)), now: site.clock.now)
            await round.runOnce()
            #expect(received().last?["type"] as? String == "Create")
            let thirdID = try #require((received().last?["object"] as? [String: Any])?["id"] as? String)
            #expect(thirdID != newID && thirdID.hasPrefix("https://blog.example/posts/kites?v="))
            await round.runOnce()
            #expect(received().count == 8)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aReplyFromTheFediverseIsAHeldCommentThenShownThreadedAndFollowsItsEditsAndDeletion(engine: DatabaseEngine) async throws {
        try await withRemoteAndBlog(engine) { remote, site, services, client in
            let post = try await site.add(PostDraft(title: "Kites", bodyMarkdown: "x", publishedAt: site.clock.now.addingTimeInterval(-60)))
            func send(_ type: String, _ note: [String: Any]) async throws -> HTTPResponse.Status {
                let activity: [String: Any] = ["id": (note["id"] as? String ?? "") + "/" + type, "type": type, "actor": remote.actorURI, "object": note]
                let (headers, body) = try remote.signed(activity, date: site.clock.now)
                return try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body).status
            }
            let note: [String: Any] = [
                "id": remote.actorURI + "/statuses/1", "type": "Note", "attributedTo": remote.actorURI, "inReplyTo": "https://blog.example/posts/kites",
                "content": #"<p><span class="h-card"><a href="https://blog.example/" class="u-url mention">@<span>blog</span></a></span> Lovely kites!</p><p>Mine is <b>red</b>.</p>"#,
            ]
            #expect(try await send("Create", note) == .accepted)
            let comments = try await services.site.current().comments
            let held = try await comments.comments(status: .pending, after: nil, limit: 10, log: ReadLog()).items
            #expect(held.count == 1)
            let comment = try #require(held.first?.comment)
            #expect(comment.body == "Lovely kites!\n\nMine is red.")
            #expect(comment.authorName == "Ann Example (@ann@127.0.0.1)")
            #expect(comment.authorURL == remote.base.withLock { $0 } + "/@ann")
            #expect(!(try await client.execute(uri: "/posts/kites", method: .get).text.contains("Lovely kites!")))

            _ = try await comments.setStatus(id: comment.id ?? 0, to: .approved)
            let page = try await client.execute(uri: "/posts/kites", method: .get).text
            #expect(page.contains("Lovely kites!") && page.contains("Ann Example (@ann@127.0.0.1)"))
            #expect(page.contains(remote.base.withLock { $0 } + "/@ann"))

            // A reply to that comment is threaded under it; an approved author's next one shows at once.
            var answer = note
            answer["id"] = remote.actorURI + "/statuses/2"
            answer["inReplyTo"] = "https://blog.example/posts/kites#comment-\(comment.id ?? 0)"
            answer["content"] = "<p>And a second thought.</p>"
            #expect(try await send("Create", answer) == .accepted)
            let approved = try await comments.approvedComments(postID: post.post.id ?? 0, log: ReadLog())
            #expect(approved.map(\.body) == ["Lovely kites!\n\nMine is red.", "And a second thought."])
            #expect(approved.last?.parentID == comment.id)

            var edited = note
            edited["content"] = "<p>@blog Lovely kites, edited.</p>"
            #expect(try await send("Update", edited) == .accepted)
            #expect(try await comments.approvedComments(postID: post.post.id ?? 0, log: ReadLog()).first?.body == "Lovely kites, edited.")
            // The same Create again adds nothing.
            #expect(try await send("Create", note) == .accepted)
            #expect(try await comments.approvedComments(postID: post.post.id ?? 0, log: ReadLog()).count == 2)

            #expect(try await send("Delete", ["id": remote.actorURI + "/statuses/2", "type": "Tombstone"]) == .accepted)
            #expect(try await comments.approvedComments(postID: post.post.id ?? 0, log: ReadLog()).map(\.body) == ["Lovely kites, edited."])

            // The same Note can be kept once only, however it arrives.
            #expect(try await services.federation.store.recordReply(objectID: note["id"] as? String ?? "", commentID: comment.id ?? 0, actorURI: remote.actorURI) == false)
            // A Note whose id is on another server than its author's is not taken.
            var elsewhere = note
            elsewhere["id"] = "https://elsewhere.example/statuses/9"
            #expect(try await send("Create", elsewhere) == .accepted)
            #expect(try await comments.comments(status: .pending, after: nil, limit: 10, log: ReadLog()).items.isEmpty)
            // An edit that adds more links than the rules allow is held again.
            var spammy = note
            spammy["content"] = "<p>Cheap kites at https://a.example/1 https://a.example/2 https://a.example/3</p>"
            #expect(try await send("Update", spammy) == .accepted)
            #expect(try await comments.comment(id: comment.id ?? 0, log: ReadLog())?.comment.status == .pending)
            #expect(try await comments.approvedComments(postID: post.post.id ?? 0, log: ReadLog()).isEmpty)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func likesAndBoostsAreCountedOnThePostOncePerActorUntilUndone(engine: DatabaseEngine) async throws {
        try await withRemoteAndBlog(engine) { remote, site, services, client in
            try await site.add(PostDraft(title: "Kites", bodyMarkdown: "x", publishedAt: site.clock.now.addingTimeInterval(-60)))
            func send(_ activity: [String: Any]) async throws -> HTTPResponse.Status {
                let (headers, body) = try remote.signed(activity, date: site.clock.now)
                return try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body).status
            }
            #expect(!(try await client.execute(uri: "/posts/kites", method: .get).text.contains("on the fediverse")))
            let like: [String: Any] = ["id": remote.actorURI + "/likes/1", "type": "Like", "actor": remote.actorURI, "object": "https://blog.example/posts/kites"]
            let boost: [String: Any] = ["id": remote.actorURI + "/boosts/1", "type": "Announce", "actor": remote.actorURI, "object": "https://blog.example/posts/kites"]
            #expect(try await send(like) == .accepted)
            #expect(try await send(boost) == .accepted)
            var again = like
            again["id"] = remote.actorURI + "/likes/2"
            #expect(try await send(again) == .accepted)
            #expect(try await client.execute(uri: "/posts/kites", method: .get).text.contains("1 like and 1 boost on the fediverse"))
            #expect(try await send(["id": remote.actorURI + "/undo/9", "type": "Undo", "actor": remote.actorURI, "object": like]) == .accepted)
            #expect(try await client.execute(uri: "/posts/kites", method: .get).text.contains("<p class=\"post-reactions\">1 boost on the fediverse</p>"))
            // A like of something that isn't a public post here counts nowhere.
            var elsewhere = like
            elsewhere["object"] = "https://other.example/posts/kites"
            #expect(try await send(elsewhere) == .accepted)
            #expect(try await services.federation.store.reactions(postID: 1) == PostReactions(likes: 0, boosts: 1))
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theAdminListsFollowersRemovesOneWithARejectAndBlocksADomain(engine: DatabaseEngine) async throws {
        try await withRemoteAndBlog(engine) { remote, site, services, client in
            let (headers, body) = try remote.signed(remote.follow(), date: site.clock.now)
            #expect(try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body).status == .accepted)
            var browser = try await AdminBrowser.signIn(client, site: site)
            let page = try await browser.get("/admin/followers").text
            #expect(page.contains("1 on the fediverse follow the blog"))
            #expect(page.contains("Ann Example") && page.contains("@ann@127.0.0.1"))
            #expect(page.contains("1 deliveries wait in the queue"))

            let removed = try await browser.submit("/admin/followers/remove", form: "/admin/followers", [("actor", remote.actorURI)])
            #expect(removed.status == .seeOther && removed.headers[.location] == "/admin/followers?removed")
            #expect(try await services.federation.store.followerCount() == 0)
            #expect(try await services.federation.worker.deliverDue() == (2, 0))
            let sent = remote.received.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
            #expect(sent.map { $0["type"] as? String } == ["Accept", "Reject"])
            #expect((sent.last?["object"] as? [String: Any])?["id"] as? String == remote.actorURI + "/follows/1")

            let bad = try await browser.submit("/admin/followers/block", form: "/admin/followers", [("domain", "not a domain")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains(#"value="not a domain""#) && bad.text.contains("Give a domain name such as spam.example."))
            let blocked = try await browser.submit("/admin/followers/block", form: "/admin/followers", [("domain", "https://Spam.Example/@x")])
            #expect(blocked.status == .seeOther)
            #expect(try await services.federation.store.blockedDomains() == ["spam.example"])
            #expect(try await browser.submit("/admin/followers/unblock", form: "/admin/followers", [("domain", "spam.example")]).status == .seeOther)
            #expect(try await services.federation.store.blockedDomains() == [])
        }
    }

    @Test func theWaitDoublesFromThirtySecondsAndADeliveryIsGivenUpAfterADay() {
        #expect((0...4).map(DeliveryWorker.retryDelay(afterAttempts:)) == [30, 60, 120, 240, 480])
        #expect(DeliveryWorker.retryDelay(afterAttempts: 12) == 21_600)
        // Ten doubling waits (30 s to 4 h 16 min) and two of 6 hours fit in a day; a 13th doesn't.
        var elapsed: TimeInterval = 0
        var attempts = 0
        while elapsed + DeliveryWorker.retryDelay(afterAttempts: attempts) <= DeliveryWorker.giveUpAfter {
            elapsed += DeliveryWorker.retryDelay(afterAttempts: attempts)
            attempts += 1
        }
        #expect(attempts == 12)
    }
}

extension HTTPField.Name {
    static let signature = Self("Signature")!
    static let digest = Self("Digest")!
    static let contentDigest = Self("Content-Digest")!
}
