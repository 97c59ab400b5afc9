import Synchronization

/// Runs `operation` in a task of its own and answers with whichever comes first: its result, or
/// `StoreError.unavailable` once `limit` has passed. A task group would wait for its child, and
/// postgres-nio can't take back a statement it has sent: against a server that stopped answering
/// (not one that stopped), a call would wait as long as the TCP connection lives. Here the caller
/// is answered at the limit and the operation, cancelled, ends on its own.
func firstAnswer<Result: Sendable>(within limit: Duration, _ operation: @escaping @Sendable () async throws -> Result) async throws -> Result {
    let race = Race<Result>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            race.started(
                work: Task {
                    let result: Swift.Result<Result, any Error>
                    do { result = .success(try await operation()) } catch { result = .failure(error) }
                    race.finish(result)
                },
                timer: Task {
                    try? await Task.sleep(for: limit)
                    if !Task.isCancelled { race.finish(.failure(StoreError.unavailable)) }
                }
            )
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The state `firstAnswer` shares between its two tasks: the caller is answered once, and the
/// task that lost is cancelled.
private final class Race<Result: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Result, any Error>?
        var answered: Swift.Result<Result, any Error>?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Result, any Error>) {
        // Cancelled before it started: answered at once.
        let early = state.withLock { state -> Swift.Result<Result, any Error>? in
            if let answered = state.answered { return answered }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func started(work: Task<Void, Never>, timer: Task<Void, Never>) {
        let finished = state.withLock { state in
            state.tasks = [work, timer]
            return state.answered != nil
        }
        if finished { work.cancel(); timer.cancel() }
    }

    /// Answers the caller with `result` unless it was answered already, and cancels both tasks
    /// (the one that finished is done anyway).
    func finish(_ result: Swift.Result<Result, any Error>) {
        let (continuation, tasks) = state.withLock { state in
            guard state.answered == nil else { return (nil as CheckedContinuation<Result, any Error>?, [Task<Void, Never>]()) }
            state.answered = result
            defer { state.continuation = nil }
            return (state.continuation, state.tasks)
        }
        continuation?.resume(with: result)
        for task in tasks { task.cancel() }
    }
}
