import GRDB
import Synchronization

/// Writes new comments in groups: while one transaction commits, the comments that arrive wait
/// and go into the next one together, so a burst of comments shares one sync to disk instead
/// of paying one each. Each comment is written in a savepoint of its own, so one that is
/// refused (rate limit, bad parent) never holds back the others, and every caller hears back
/// only after the transaction holding its comment has committed. `Job` is what one comment's
/// writing is on the engine (`sqlite(_:)`, `PostgresDatabase.commentWrites`), and
/// `writeTransaction` writes a group of them.
///
/// There is no background work: each group is written on behalf of one of the callers in it
/// (the first that found the queue idle, then the first that waited), which awaits it, so a
/// comment is always written within a request that is still being answered, and a graceful
/// shutdown, which lets requests finish, lets every queued comment commit.
public final class CommentWriteQueue<Job: Sendable>: Sendable {
    /// What a waiting caller is told: its comment's result, or that it writes the next group.
    private enum Turn: Sendable {
        case done(Result<Comment, any Error>)
        case writeNextGroup
    }

    private struct Waiting: Sendable {
        let job: Job
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct State {
        var waiting: [Waiting] = []
        var isWriting = false
    }

    private let state = Mutex(State())
    private let writeTransaction: @Sendable ([Job]) async -> [Result<Comment, any Error>]

    init(writeTransaction: @escaping @Sendable ([Job]) async -> [Result<Comment, any Error>]) {
        self.writeTransaction = writeTransaction
    }

    /// Runs `job` in the next group's transaction and returns its comment once that committed.
    func write(_ job: Job) async throws -> Comment {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let writesNow = state.withLock { state in
                guard state.isWriting else {
                    state.isWriting = true
                    return true
                }
                state.waiting.append(Waiting(job: job, continuation: continuation))
                return false
            }
            if writesNow { continuation.resume(returning: .writeNextGroup) }
        }
        switch turn {
        case .done(let result): return try result.get()
        case .writeNextGroup: return try await writeGroup(leadingWith: job).get()
        }
    }

    /// Writes `job` with every comment waiting now, answers the others, and hands the writing of
    /// the next group to the first caller that arrived meanwhile.
    private func writeGroup(leadingWith job: Job) async -> Result<Comment, any Error> {
        let others = state.withLock { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        let results = await write([job] + others.map(\.job))
        for (waiting, result) in zip(others, results.dropFirst()) {
            waiting.continuation.resume(returning: .done(result))
        }
        let next = state.withLock { state -> Waiting? in
            guard !state.waiting.isEmpty else {
                state.isWriting = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .writeNextGroup)
        return results[0]
    }

    /// One transaction, each job in its own savepoint. It runs in a task of its own, awaited
    /// here, so that the writing caller's cancellation can't fail the other callers' comments.
    private func write(_ jobs: [Job]) async -> [Result<Comment, any Error>] {
        await Task { [writeTransaction] in await writeTransaction(jobs) }.value
    }
}

extension CommentWriteQueue where Job == @Sendable (Database) throws -> Comment {
    /// SQLite's: one write transaction.
    static func sqlite(_ writer: any DatabaseWriter) -> CommentWriteQueue {
        CommentWriteQueue { jobs in
            do {
                return try await writer.write { db in
                    jobs.map { job in
                        Result {
                            var comment: Comment?
                            try db.inSavepoint {
                                comment = try job(db)
                                return .commit
                            }
                            guard let comment else { throw StoreError.notFound }
                            return comment
                        }
                    }
                }
            } catch {
                return Array(repeating: .failure(error), count: jobs.count)
            }
        }
    }
}
