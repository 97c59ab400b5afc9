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

/// Webmention both ways against servers on real loopback ports: the 23 discovery cases of
/// webmention.rocks, mentions received and checked against their source, and a post's links
/// told when it is published, edited and deleted.
@Suite struct WebmentionTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func formBody(source: String, target: String) -> ByteBuffer {
        ByteBuffer(string: WebmentionSender.formBody(["source": source, "target": target]))
    }

    @Test func everyWebmentionRocksDiscoveryCaseReachesItsEndpointOnly() async throws {
        let rocks = WebmentionRocks()
        try await Application(router: rocks.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let base = "http://127.0.0.1:\(client.port!)"
            rocks.base.withLock { $0 = base }
            let sender = WebmentionSender(
                store: SQLiteWebmentionStore(database: try AppDatabase.inMemory()),
                client: OutboundClient(allowPrivateAddresses: true, timeout: .seconds(30), userAgent: "Quire tests"),
                clock: WallClock { Date() }, logger: .init(label: "test")
            )
            for fixture in WebmentionRocksCase.all {
                let source = "https://blog.example/posts/rocks-\(fixture.number)"
                let target = rocks.url(of: fixture)
                let outcome = await sender.send(OutgoingWebmention(id: 0, source: source, target: target, attempts: 0, createdAt: Date()))
                #expect(outcome == .sent(endpoint: base + fixture.endpoint), "#\(fixture.number) \(fixture.name)")
                let last = rocks.received.withLock { $0.last }
                #expect(last?.path == fixture.endpoint, "#\(fixture.number) \(fixture.name)")
                #expect(last?.body == WebmentionSender.formBody(["source": source, "target": target]), "#\(fixture.number): the body holds only source and target")
            }
            let paths = rocks.received.withLock { $0.map(\.path) }
            #expect(paths == WebmentionRocksCase.all.map(\.endpoint))
            #expect(!paths.contains { $0.hasSuffix("/error") })
        }
    }

    /// A site that mentions the blog: `/notes/1`, whose body the test changes (or makes 410).
    final class Source: Sendable {
        let html = Mutex("")
        let status = Mutex(HTTPResponse.Status.ok)
        let base = Mutex("")
        var note: String { base.withLock { $0 } + "/notes/1" }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.get("/notes/1") { [self] _, _ in
                Response(status: status.withLock { $0 }, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html.withLock { $0 })))
            }
            return router
        }

        func links(to target: String?) {
            let link = target.map { #"I liked <a href="\#($0)">this post about kites</a>."# } ?? "No link any more."
            html.withLock { $0 = #"<html><head><title>Notes by Ann</title><meta name="author" content="Ann Example"></head><body><p>\#(link)</p></body></html>"# }
        }
    }

    func withSourceAndBlog(_ engine: DatabaseEngine, _ body: @escaping @Sendable (Source, TestSite, QuireServices, any TestClientProtocol) async throws -> Void) async throws {
        let source = Source()
        let site = try TestSite { $0.federation.enabled = true; $0.federation.allowPrivateAddresses = true }
        try await Application(router: source.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { sourceClient in
            source.base.withLock { $0 = "http://127.0.0.1:\(sourceClient.port!)" }
            try await site.on(engine) { site in
                let services = try await site.services()
                try await Application(router: buildRouter(services: services)).test(.router) { client in
                    try await body(source, site, services, client)
                }
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aMentionIsCheckedHeldShownOnceApprovedAndRemovedWhenItsLinkOrPageGoes(engine: DatabaseEngine) async throws {
        try await withSourceAndBlog(engine) { source, site, services, client in
            let post = try await site.add(PostDraft(title: "Kites", bodyMarkdown: "x", publishedAt: site.clock.now.addingTimeInterval(-60)))
            let target = "https://blog.example/posts/kites"
            func send() async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/webmention", method: .post, headers: Self.form, body: Self.formBody(source: source.note, target: target)).status
            }
            func check() async throws -> [WebmentionChecker.Outcome] {
                try await services.federation.mentionChecker(site: try await services.site.current()).checkDue()
            }
            let comments = try await services.site.current().comments

            source.links(to: target)
            #expect(try await send() == .accepted)
            #expect(try await check() == [.verified(.pending)])
            let held = try await comments.comments(status: .pending, after: nil, limit: 10, log: ReadLog()).items
            let comment = try #require(held.first?.comment)
            #expect(held.count == 1 && comment.postID == post.post.id)
            #expect(comment.authorName == "Ann Example" && comment.authorURL == source.note)
            #expect(comment.body == "Mentioned this post in “Notes by Ann”.")
            #expect(!(try await client.execute(uri: "/posts/kites", method: .get).text.contains("Notes by Ann")))
            _ = try await comments.setStatus(id: comment.id ?? 0, to: .approved)
            let page = try await client.execute(uri: "/posts/kites", method: .get).text
            #expect(page.contains("Mentioned this post in “Notes by Ann”."))
            #expect(page.contains(source.note))
            // Nothing more is due: the mention is checked once.
            #expect(try await check() == [])

            // Sent again after the source's edit: the same comment, still approved.
            #expect(try await send() == .accepted)
            #expect(try await check() == [.verified(.approved)])
            #expect(try await comments.approvedComments(postID: post.post.id ?? 0, log: ReadLog()).count == 1)

            // The link is taken out: the mention goes.
            source.links(to: nil)
            #expect(try await send() == .accepted)
            #expect(try await check() == [.removed("the source doesn't link to the post")])
            #expect(try await comments.approvedComments(postID: post.post.id ?? 0, log: ReadLog()).isEmpty)

            // Back, then the page is gone (410): removed again.
            source.links(to: target)
            #expect(try await send() == .accepted)
            #expect(try await check() == [.verified(.pending)])
            source.status.withLock { $0 = .gone }
            #expect(try await send() == .accepted)
            #expect(try await check() == [.removed("the source answered 410")])
            #expect(try await comments.comments(status: .pending, after: nil, limit: 10, log: ReadLog()).items.isEmpty)

            // A source whose domain the owner blocks after it was received is removed at its check.
            #expect(try await send() == .accepted)
            try await services.federation.store.block(domain: "127.0.0.1", now: site.clock.now)
            #expect(try await check() == [.removed("the source's domain is blocked")])
            try await services.federation.store.unblock(domain: "127.0.0.1")

            // A source that can't be reached is tried again after its wait.
            source.status.withLock { $0 = .serviceUnavailable }
            #expect(try await send() == .accepted)
            #expect(try await check() == [.retry("the source answered 503")])
            #expect(try await check() == [])
            source.status.withLock { $0 = .ok }
            site.clock.advance(by: 30)
            #expect(try await check() == [.verified(.pending)])
        }
    }

    @Test(arguments: TestPostgres.engines)
    func badWebmentionsGetAClearAnswerAndNothingIsKept(engine: DatabaseEngine) async throws {
        try await withSourceAndBlog(engine) { source, site, services, client in
            _ = try await site.add(PostDraft(title: "Kites", bodyMarkdown: "x", publishedAt: site.clock.now.addingTimeInterval(-60)))
            _ = try await site.add(PostDraft(title: "Draft", bodyMarkdown: "x", status: .draft))
            func post(_ body: String, headers: HTTPFields = Self.form) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.execute(uri: "/webmention", method: .post, headers: headers, body: ByteBuffer(string: body))
                return (response.status, response.text)
            }
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("target=https%3A%2F%2Fblog.example%2Fposts%2Fkites", .badRequest, "Send both source and target"),
                ("source=ftp%3A%2F%2Fx.example%2F&target=https%3A%2F%2Fblog.example%2Fposts%2Fkites", .badRequest, "The source must be an absolute http or https URL"),
                ("source=https%3A%2F%2Fblog.example%2Fposts%2Fkites&target=https%3A%2F%2Fblog.example%2Fposts%2Fkites", .badRequest, "must be different"),
                ("source=https%3A%2F%2Fx.example%2F&target=https%3A%2F%2Felsewhere.example%2Fposts%2Fkites", .badRequest, "one of this blog's posts"),
                ("source=https%3A%2F%2Fx.example%2F&target=https%3A%2F%2Fblog.example%2Fposts%2Fdraft", .badRequest, "not a published post"),
                ("source=https%3A%2F%2Fx.example%2F&target=https%3A%2F%2Fblog.example%2Fposts%2Fnone", .badRequest, "not a published post"),
                ("source=%FF&target=https%3A%2F%2Fblog.example%2Fposts%2Fkites", .badRequest, "Send both source and target"),
            ]
            for (body, status, message) in cases {
                let (answered, text) = try await post(body)
                #expect(answered == status, "\(body)")
                #expect(text.contains(message), "\(body): \(text)")
            }
            #expect(try await post("{}", headers: [.contentType: "application/json"]).0 == .unsupportedMediaType)
            #expect(try await post(String(repeating: "a", count: 20_000)).0 == .contentTooLarge)
            try await services.federation.store.block(domain: "spam.example", now: site.clock.now)
            #expect(try await post("source=https%3A%2F%2Fwww.spam.example%2F&target=https%3A%2F%2Fblog.example%2Fposts%2Fkites").0 == .forbidden)
            #expect(try await services.federation.mentionChecker(site: try await services.site.current()).checkDue() == [])

            // A full queue asks senders to come back later, and so does one host's share of it.
            let store = services.federation.webmentions
            let postID = try #require(try await site.store.publicPostID(slug: "kites", now: site.clock.now))
            let limits = WebmentionLimits(pending: 3, pendingPerHost: 2)
            var answers: [WebmentionLimits.Answer] = []
            for source in ["https://a.example/1", "https://a.example/2", "https://A.example/3", "https://b.example/1", "https://c.example/1"] {
                answers.append(try await store.receive(source: source, target: "https://blog.example/posts/kites", postID: postID, now: site.clock.now, limits: limits))
            }
            #expect(answers == [.kept, .kept, .hostFull, .kept, .full])
            for _ in 0..<20 {
                _ = try await post("source=https%3A%2F%2Fd.example%2F\(UUID().uuidString)&target=https%3A%2F%2Fblog.example%2Fposts%2Fkites")
            }
            let (status, text) = try await post("source=https%3A%2F%2Fd.example%2Fone-more&target=https%3A%2F%2Fblog.example%2Fposts%2Fkites")
            #expect(status == .tooManyRequests && text.contains("from this source's host"))
        }
    }

    @Test func theEndpointIsAdvertisedOnEveryPageOnlyWhileTheBlogFederates() async throws {
        for enabled in [true, false] {
            let site = try TestSite { $0.federation.enabled = enabled }
            _ = try await site.add(PostDraft(title: "Kites", bodyMarkdown: "x", tags: ["Kites"], publishedAt: site.clock.now.addingTimeInterval(-60)))
            try await Application(router: buildRouter(services: try await site.services())).test(.router) { client in
                for path in ["/", "/posts/kites", "/tags/kites", "/search?q=kites"] {
                    let response = try await client.execute(uri: path, method: .get)
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.link] == (enabled ? #"<https://blog.example/webmention>; rel="webmention""# : nil), "\(path)")
                    #expect(response.text.contains(#"<link rel="webmention" href="https://blog.example/webmention">"#) == enabled, "\(path)")
                }
                let off = try await client.execute(uri: "/webmention", method: .post, headers: Self.form, body: Self.formBody(source: "https://a.example/", target: "https://blog.example/posts/kites"))
                #expect((off.status == .notFound) == !enabled)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aPostsLinksAreToldWhenItIsPublishedEditedAndDeleted(engine: DatabaseEngine) async throws {
        let rocks = WebmentionRocks()
        let site = try TestSite { $0.federation.enabled = true; $0.federation.allowPrivateAddresses = true }
        try await Application(router: rocks.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { rocksClient in
            let base = "http://127.0.0.1:\(rocksClient.port!)"
            rocks.base.withLock { $0 = base }
            try await site.on(engine) { site in
                let services = try await site.services()
                let delivery = DeliveryService(site: services.site, federation: services.federation, metrics: .off, logger: .init(label: "test"))
                let mentions = WebmentionService(site: services.site, federation: services.federation, metrics: .off, logger: .init(label: "test"))
                func round() async {
                    await delivery.runOnce()
                    await mentions.runOnce()
                }
                await round()
                func received() -> [String] { rocks.received.withLock { $0.map(\.path) } }
                // Posts from before the blog federated tell no one.
                try await site.add(PostDraft(title: "Old", bodyMarkdown: "[three](\(base)/test/3)", publishedAt: site.clock.now.addingTimeInterval(-86_400)))
                site.clock.advance(by: 5)
                try await site.add(PostDraft(
                    title: "Links", bodyMarkdown: "[three](\(base)/test/3), [five](\(base)/test/5#part), [my own](https://blog.example/posts/old) and [three again](\(base)/test/3).",
                    publishedAt: site.clock.now
                ))
                await round()
                // Sent a few at once: in any order.
                #expect(received().sorted() == ["/test/3/webmention", "/test/5/webmention"])
                let body = try #require(rocks.received.withLock { $0.first { $0.path == "/test/3/webmention" }?.body })
                #expect(body == WebmentionSender.formBody(["source": "https://blog.example/posts/links", "target": base + "/test/3"]))

                // An edit tells the pages linked now and the one no longer linked.
                site.clock.advance(by: 5)
                _ = try await site.store.update(slug: "links", with: PostDraft(title: "Links", bodyMarkdown: "[nine](\(base)/test/9)", publishedAt: site.clock.now.addingTimeInterval(-10)), now: site.clock.now)
                await round()
                #expect(Array(received().dropFirst(2)).sorted() == ["/test/3/webmention", "/test/5/webmention", "/test/9/webmention"])

                // Deleted: the page it linked to last learns it is gone.
                try await site.store.delete(slug: "links")
                await round()
                #expect(Array(received().dropFirst(5)) == ["/test/9/webmention"])
                await round()
                #expect(received().count == 6)
            }
        }
    }
}
