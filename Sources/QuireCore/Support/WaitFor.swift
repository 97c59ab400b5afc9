import Dispatch
import Synchronization

/// Runs async work from a thread of its own and waits for its result there: for synchronous
/// code (a streaming parser's callbacks) that must use an async API. Never call it on one of the
/// threads async tasks share: it would hold one while the work needs one.
func waitFor<Result: Sendable>(_ work: @escaping @Sendable () async throws -> Result) throws -> Result {
    let done = DispatchSemaphore(value: 0)
    let outcome = Mutex<Swift.Result<Result, any Error>?>(nil)
    Task {
        let result: Swift.Result<Result, any Error>
        do { result = .success(try await work()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try outcome.withLock { $0! }.get()
}
