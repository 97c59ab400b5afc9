import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@testable import QuireWeb

/// While SQLite takes no writes (here another connection holds the write lock past the busy
/// timeout, as a full disk or a read-only mount also look to the server): writes answer 503 with
/// `Retry-After` and the forms come back with what was typed; reads go on; writes work again
/// after, with no restart. scripts/fault-test.py makes the real faults.
@Suite struct TemporaryFailureTests {
    @Test func writesAnswer503WithTheFormKeptAndReadsGoOn() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-locked-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("blog.sqlite").path
        let site = try TestSite(database: try AppDatabase.open(path: path, busyTimeout: 0.2)) { $0.comments.moderation = .open }
        let post = try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
        let draft = CommentDraft(authorName: "Cy", authorEmail: "cy@example.com", body: "Before the lock", clientHash: "c0", origin: .api)
        guard case .stored(let stored) = try await site.blog.comments(settings: site.config.comments).submit(draft, to: post.post, now: site.clock.now),
              let commentID = stored.id else { throw AdminTestError.noToken("comment") }
        let lock = try WriteLock(path: path)
        try await site.test { client async throws in
            var browser = try await AdminBrowser.signIn(client, site: site)
            let token = try await client.formToken(slug: "post")
            try lock.take()

            #expect(try await client.execute(uri: "/posts/post", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/posts", method: .get).status == .ok)

            let form = try await client.postComment(slug: "post", goodComment("Typed while the disk was full."), token: token)
            #expect(form.status == .serviceUnavailable)
            #expect(form.headers[.retryAfter] == "5")
            #expect(form.text.contains("Typed while the disk was full.") && form.text.contains("Nothing was saved"))

            let api = try await client.execute(
                uri: "/api/posts/post/comments", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"author_name":"Ann","author_email":"ann@example.com","body":"Held"}"#)
            )
            #expect(api.status == .serviceUnavailable && api.headers[.retryAfter] == "5")

            let editor = try await browser.submit("/admin/posts", form: "/admin/posts/new", AdminPostTests.editorFields(title: "A title kept", action: "save"))
            #expect(editor.status == .serviceUnavailable && editor.headers[.retryAfter] == "5")
            #expect(editor.text.contains(#"value="A title kept""#) && editor.text.contains("Nothing was saved"))

            let upload = try await browser.upload("/admin/media", form: "/admin/media", [("alt", "An alt text kept")], files: [("file", "square.png", try MultipartBody.fixture("graphic.png"))])
            #expect(upload.status == .serviceUnavailable && upload.headers[.retryAfter] == "5")
            #expect(upload.text.contains("An alt text kept") && upload.text.contains("Nothing was saved"))

            let comment = "/admin/comments/\(commentID)"
            let edit = try await browser.submit(comment, form: comment, [("comment", "An edit kept"), ("author", "Cy"), ("url", "")])
            #expect(edit.status == .serviceUnavailable && edit.headers[.retryAfter] == "5")
            #expect(edit.text.contains("An edit kept") && edit.text.contains("Nothing was saved"))
            let reply = try await browser.submit(comment + "/reply", form: comment, [("reply", "A reply kept")])
            #expect(reply.status == .serviceUnavailable && reply.headers[.retryAfter] == "5")
            #expect(reply.text.contains("A reply kept") && reply.text.contains("Nothing was saved"))

            let settings = try await browser.submit(
                "/admin/settings", form: "/admin/settings", try await AdminSettingsTests.fields(browser, changing: ["site.title": "A site title kept"])
            )
            #expect(settings.status == .serviceUnavailable && settings.headers[.retryAfter] == "5")
            #expect(settings.text.contains(#"value="A site title kept""#) && settings.text.contains("Nothing was saved"))

            try await lock.release()
            let again = try await client.postComment(slug: "post", goodComment("Typed once it had room."), token: token)
            #expect(again.status == .seeOther)
        }
        let bodies = try await site.database.reader.read { db in try String.fetchAll(db, sql: "SELECT body FROM comment ORDER BY id") }
        #expect(bodies == ["Before the lock", "Typed once it had room."])
        #expect(try await site.store.post(slug: "a-title-kept") == nil)
    }

    /// A sender told 503 tries again; one told 401 would give the activity up for good.
    @Test func theInboxAnswers503WhenItCantKeepTheSignersKey() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-locked-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("blog.sqlite").path
        let site = try TestSite(database: try AppDatabase.open(path: path, busyTimeout: 0.2)) {
            $0.federation.enabled = true
            $0.federation.allowPrivateAddresses = true
        }
        let remote = FederationInboxTests.Remote()
        let lock = try WriteLock(path: path)
        try await Application(router: remote.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { remoteClient in
            remote.base.withLock { $0 = "http://127.0.0.1:\(remoteClient.port!)" }
            let services = try await site.services()
            try await Application(router: buildRouter(services: services)).test(.router) { client in
                try lock.take()
                let (headers, body) = try remote.signed(remote.follow(), date: site.clock.now)
                let refused = try await client.execute(uri: "/activitypub/inbox", method: .post, headers: headers, body: body)
                #expect(refused.status == .serviceUnavailable && refused.headers[.retryAfter] == "5")
                #expect(!refused.text.contains("database is locked"))
                try await lock.release()
                let (again, againBody) = try remote.signed(remote.follow(), date: site.clock.now)
                #expect(try await client.execute(uri: "/activitypub/inbox", method: .post, headers: again, body: againBody).status == .accepted)
                #expect(try await services.federation.store.followerCount() == 1)
            }
        }
    }

    @Test func theTemporaryErrorsAreSQLitesBusyFullReadOnlyAndIOAndPostgreSQLsOutage() {
        #expect(StoreError.isTemporary(StoreError.unavailable))
        for code in [ResultCode.SQLITE_BUSY, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_LOCKED] {
            #expect(StoreError.isTemporary(DatabaseError(resultCode: code)))
        }
        #expect(!StoreError.isTemporary(DatabaseError(resultCode: .SQLITE_CONSTRAINT)))
        #expect(!StoreError.isTemporary(StoreError.notFound))
    }
}

/// Another connection's write transaction on a database file, as another process would hold
/// it: taken on a thread of its own (GRDB keeps no transaction open across its calls), held
/// until released.
struct WriteLock: Sendable {
    private let holder: DatabaseQueue
    private let held = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)

    init(path: String) throws {
        holder = try DatabaseQueue(path: path)
    }

    /// Returns once the lock is held.
    func take() throws {
        let (holder, held, released) = (holder, held, released)
        Thread.detachNewThread {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                held.signal()
                released.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        held.wait()
    }

    /// Returns once the transaction is rolled back.
    func release() async throws {
        released.signal()
        try await holder.read { _ in }
    }
}

