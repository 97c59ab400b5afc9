import Dispatch
import Foundation
import HummingbirdBcrypt

/// Hashes and checks passwords with bcrypt, on a Dispatch queue so the slow work never holds a
/// Swift concurrency thread or an event loop.
public struct PasswordHasher: Sendable {
    /// log2 of bcrypt's rounds: 12 in production (docs/admin.md gives the time it takes), 4 in tests.
    public let cost: UInt8

    public static let minimumLength = 10
    /// bcrypt reads only the first 72 bytes; a longer limit only bounds the form.
    public static let maximumLength = 200

    public init(cost: UInt8 = 12) {
        self.cost = min(max(cost, 4), 31)
    }

    /// Why a new password can't be used, or nil when it can.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "must be at least \(minimumLength) characters" }
        if password.count > maximumLength { return "must be at most \(maximumLength) characters" }
        return nil
    }

    /// Whether a stored hash was made at another cost than this hasher's (`$2b$NN$…`).
    public func needsRehash(_ hash: String) -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: true)
        return parts.count < 2 || Int(parts[1]) != Int(cost)
    }

    public func hash(_ password: String) async -> String {
        let cost = cost
        return await Self.offThread { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`. Without a hash (no such user, or no password yet) a
    /// hash of the same cost is still checked, so the answer takes as long either way.
    public func verify(_ password: String, hash: String?) async -> Bool {
        let stored = hash ?? dummyHash
        let matches = await Self.offThread { Bcrypt.verify(password, hash: stored) }
        return matches && hash != nil
    }

    /// A hash of nothing anyone knows, at this cost, for `verify` without a user.
    private var dummyHash: String {
        "$2b$" + String(format: "%02d", cost) + "$" + String(repeating: "N", count: 53)
    }

    private static func offThread<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
