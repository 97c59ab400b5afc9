import Foundation

/// The failed sign-ins that `SignInThrottle` counts, by key.
public protocol SignInFailureStore: Sendable {
    /// In one transaction, in turn with every other attempt on the same keys: reads the keys'
    /// failures and asks `wait` how long this attempt must still wait. Answers that wait, counting
    /// nothing, or else counts the attempt as one more failure of each key (its first, when its
    /// last one was before `forgettingBefore`) and answers nil.
    func countAttempt(
        keys: [String], now: Date, forgettingBefore: Date, wait: @escaping @Sendable ([(count: Int, last: Date)]) -> TimeInterval?
    ) async throws -> TimeInterval?
    /// Forgets the keys' failures.
    func clear(keys: [String]) async throws
}
