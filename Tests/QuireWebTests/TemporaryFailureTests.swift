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
        try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
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

            try await lock.release()
            let again = try await client.postComment(slug: "post", goodComment("Typed once it had room."), token: token)
            #expect(again.status == .seeOther)
        }
        let bodies = try await site.database.reader.read { db in try String.fetchAll(db, sql: "SELECT body FROM comment") }
        #expect(bodies == ["Typed once it had room."])
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

