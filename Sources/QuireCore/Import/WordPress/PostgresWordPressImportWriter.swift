import Foundation
import PostgresNIO
import Synchronization

/// The steps on PostgreSQL, on the connection of the batch's transaction (`WordPressBatch`);
/// each waits for its statement, which is right on the importer's own thread.
struct PostgresWordPressImportWriter: WordPressImportWriter {
    let connection: PostgresConnection
    let defaultAuthor: String

    func importedPostID(_ key: String) throws -> Int64? {
        try waitFor { [connection] in
            try await connection.rows("SELECT post_id FROM import_record WHERE source_key = \(key)").first?.decode(Int64?.self)
        }
    }

    func importedCommentID(_ key: String) throws -> Int64? {
        try waitFor { [connection] in
            try await connection.rows("SELECT comment_id FROM import_record WHERE source_key = \(key)").first?.decode(Int64?.self)
        }
    }

    func slugIsTaken(_ slug: String) throws -> Bool {
        try waitFor { [connection] in
            try await connection.rows("""
                SELECT EXISTS (SELECT 1 FROM post WHERE slug = \(slug)) OR EXISTS (SELECT 1 FROM post_slug_redirect WHERE old_slug = \(slug))
                """).first?.decode(Bool.self) ?? false
        }
    }

    func insertPost(_ draft: PostDraft, rendered: MarkdownRenderer.Rendered?, now: Date) throws -> PostWithTags {
        let post = try draft.post(rendered: rendered, slug: "", now: now, previous: nil, defaultAuthor: defaultAuthor)
        return try waitFor { [connection] in try await PostgresPostStore.insert(post, draft: draft, ownerID: nil, deferringWeights: true, connection) }
    }

    func insertComment(_ comment: Comment) throws -> Int64 {
        try waitFor { [connection] in try await PostgresCommentStore.insert(comment, connection) }
    }

    func commentDepth(_ id: Int64) throws -> Int? {
        try waitFor { [connection] in try await connection.rows("SELECT depth FROM comment WHERE id = \(id)").first?.decode(Int.self) }
    }

    func recordImport(_ key: String, postID: Int64) throws {
        try waitFor { [connection] in try await connection.execute("INSERT INTO import_record (source_key, post_id) VALUES (\(key), \(postID))") }
    }

    func recordImport(_ key: String, commentID: Int64) throws {
        try waitFor { [connection] in try await connection.execute("INSERT INTO import_record (source_key, comment_id) VALUES (\(key), \(commentID))") }
    }

    func recordOldAddress(_ key: String, postID: Int64) throws {
        try waitFor { [connection] in
            try await connection.execute("INSERT INTO old_address (address, post_id) VALUES (\(key), \(postID)) ON CONFLICT DO NOTHING")
        }
    }
}

extension PostgresWordPressImportWriter {
    /// Runs `body` (synchronous, on the importer's own thread) with a writer on one transaction,
    /// committed when it returns and rolled back when it throws. A task holds the transaction open
    /// meanwhile, with no limit on its statements or its pauses: a batch is long work.
    static func inTransaction(on database: PostgresDatabase, defaultAuthor: String, _ body: (PostgresWordPressImportWriter) throws -> Void) throws {
        let handoff = TransactionHandoff()
        let ended = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Void, any Error>>(.success(()))
        Task {
            do {
                try await database.transaction(timeout: .seconds(24 * 3600)) { connection in
                    try await connection.execute("SET LOCAL statement_timeout = 0")
                    try await connection.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
                    try await connection.lockChangeCounter()
                    handoff.open(connection)
                    try await handoff.bodyFinished()
                }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            handoff.open(nil)
            ended.signal()
        }
        if let connection = handoff.waitForConnection() {
            do {
                try body(PostgresWordPressImportWriter(connection: connection, defaultAuthor: defaultAuthor))
                handoff.finishBody(.success(()))
            } catch {
                handoff.finishBody(.failure(error))
            }
        }
        ended.wait()
        try outcome.withLock { $0 }.get()
    }
}

/// Passes a transaction's connection from the task that holds it to the thread that writes, and
/// the writing's end back.
private final class TransactionHandoff: Sendable {
    private struct State {
        var connection: PostgresConnection?
        var opened = false
        var bodyResult: Result<Void, any Error>?
        var waiting: CheckedContinuation<Void, any Error>?
    }

    private let state = Mutex(State())
    private let connectionReady = DispatchSemaphore(value: 0)

    /// The transaction began (with its connection) or ended before it could (nil); only the first call counts.
    func open(_ connection: PostgresConnection?) {
        let first = state.withLock { state in
            guard !state.opened else { return false }
            state.opened = true
            state.connection = connection
            return true
        }
        if first { connectionReady.signal() }
    }

    func waitForConnection() -> PostgresConnection? {
        connectionReady.wait()
        return state.withLock { $0.connection }
    }

    /// Suspends the transaction's task until the writing thread is done; throws what it threw.
    func bodyFinished() async throws {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Void, any Error>? in
                if let result = state.bodyResult { return result }
                state.waiting = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    func finishBody(_ result: Result<Void, any Error>) {
        let waiting = state.withLock { state in
            state.bodyResult = result
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume(with: result)
    }
}
