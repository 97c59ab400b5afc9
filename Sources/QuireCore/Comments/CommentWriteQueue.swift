import GRDB
import Synchronization

/// Writes new comments in groups: while one transaction commits, the comments that arrive wait
/// and go into the next one together, so a burst of comments shares one sync to disk instead
/// of paying one each. Each comment is written in a savepoint of its own, so one that is
/// refused (rate limit, bad parent) never holds back the others, and every caller hears back
/// only after the transaction holding its comment has committed.
public final class CommentWriteQueue: Sendable {
    typealias Job = @Sendable (Database) throws -> Comment

    private struct Waiting: Sendable {
        let job: Job
        let continuation: CheckedContinuation<Comment, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var isWriting = false
    }

    private let state = Mutex(State())
    private let writer: any DatabaseWriter

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `job` in the next group's transaction and returns its comment once that committed.
    func write(_ job: @escaping Job) async throws -> Comment {
        try await withCheckedThrowingContinuation { continuation in
            let startsWriting = state.withLock { state in
                state.waiting.append(Waiting(job: job, continuation: continuation))
                guard !state.isWriting else { return false }
                state.isWriting = true
                return true
            }
            if startsWriting {
                Task { await self.writeGroups() }
            }
        }
    }

    /// Writes one group after another until nobody waits.
    private func writeGroups() async {
        while true {
            let group = state.withLock { state in
                let group = state.waiting
                state.waiting = []
                if group.isEmpty { state.isWriting = false }
                return group
            }
            guard !group.isEmpty else { return }
            let results: [Result<Comment, any Error>]
            do {
                results = try await writer.write { db in
                    group.map { waiting in
                        Result {
                            var comment: Comment?
                            try db.inSavepoint {
                                comment = try waiting.job(db)
                                return .commit
                            }
                            guard let comment else { throw StoreError.notFound }
                            return comment
                        }
                    }
                }
            } catch {
                results = Array(repeating: .failure(error), count: group.count)
            }
            for (waiting, result) in zip(group, results) {
                waiting.continuation.resume(with: result)
            }
        }
    }
}
