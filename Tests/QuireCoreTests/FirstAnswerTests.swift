import Synchronization
import Testing

@testable import QuireCore

/// `firstAnswer`: the caller gets the call's result, or `unavailable` at the limit while the
/// call, which may ignore cancellation (a statement sent to a frozen server), still runs.
@Suite struct FirstAnswerTests {
    @Test func aQuickCallAnswersWithItsResult() async throws {
        let answer = try await firstAnswer(within: .seconds(60)) { 42 }
        #expect(answer == 42)
        await #expect(throws: StoreError.notFound) { _ = try await firstAnswer(within: .seconds(60)) { () throws -> Int in throw StoreError.notFound } }
    }

    @Test func aCallThatNeverAnswersIsAnsweredAtTheLimitWhileItStillRuns() async throws {
        let held = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let finished = Atomic<Bool>(false)
        await #expect(throws: StoreError.unavailable) {
            _ = try await firstAnswer(within: .milliseconds(50)) {
                // Ignores cancellation, as a sent statement does: waits until the test lets it go.
                await withCheckedContinuation { continuation in held.withLock { $0 = continuation } }
                finished.store(true, ordering: .sequentiallyConsistent)
                return 1
            }
        }
        let ended = finished.load(ordering: .sequentiallyConsistent)
        #expect(!ended, "answered before the call ended")
        // Let the call end, so the test leaves nothing running.
        while held.withLock({ $0 }) == nil { await Task.yield() }
        held.withLock { $0?.resume(); $0 = nil }
    }

    @Test func aCancelledCallerIsAnsweredAtOnce() async throws {
        let task = Task {
            try await firstAnswer(within: .seconds(3600)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(3600))
                return 1
            }
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}
