import Foundation

/// Slows down password guessing (docs/admin.md): after `freeFailures` failed sign-ins for an
/// account, or from a client address, each further attempt must wait twice as long as the
/// last, up to `longestWait`; so 10,000 guesses take more than 100 days. A waiting attempt is
/// answered at once, without checking the password. Each attempt is counted before its password
/// is checked (`attempt`); a success clears both counts.
public struct SignInThrottle: Sendable {
    let failures: any SignInFailureStore
    let secret: SiteSecret
    static let freeFailures = 5
    static let longestWait: TimeInterval = 15 * 60
    /// Failures older than this are forgotten.
    static let memory: TimeInterval = 86_400

    public init(failures: any SignInFailureStore, secret: SiteSecret) {
        self.failures = failures
        self.secret = secret
    }

    /// The rows one attempt counts against: the account (even one that doesn't exist, so the
    /// throttle says nothing about which do) and the client.
    public func keys(email: String, clientHash: String) -> [String] {
        ["account:" + secret.mac("sign-in|" + email.trimmingCharacters(in: .whitespaces).lowercased()).prefix(16).hexString,
         "client:" + clientHash]
    }

    /// Counts an attempt as a failure before its password is checked, in one write transaction,
    /// so attempts sent at the same moment are counted one after another and none slips past the
    /// throttle. Answers how long this attempt must still wait (counting nothing then), or nil
    /// when it may go ahead; a success then calls `clear`.
    public func attempt(keys: [String], now: Date) async throws -> TimeInterval? {
        try await failures.countAttempt(keys: keys, now: now, forgettingBefore: now.addingTimeInterval(-Self.memory)) { failures in
            let waits = failures.compactMap { failure -> TimeInterval? in
                guard now.timeIntervalSince(failure.last) < Self.memory else { return nil }
                let remaining = failure.last.addingTimeInterval(Self.waitAfter(failures: failure.count)).timeIntervalSince(now)
                return remaining > 0 ? remaining : nil
            }
            return waits.max()
        }
    }

    /// A success: the account's and the client's failures are forgotten.
    public func clear(keys: [String]) async throws {
        try await failures.clear(keys: keys)
    }

    /// The wait after `failures` failures in a row: none for the first few, then 1 s, 2 s, 4 s…
    public static func waitAfter(failures: Int) -> TimeInterval {
        guard failures >= freeFailures else { return 0 }
        return min(pow(2, Double(failures - freeFailures)), longestWait)
    }
}
