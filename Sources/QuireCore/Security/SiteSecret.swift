import Crypto
import Foundation

/// The key that signs comment form tokens and hashes client addresses: the config's `secret`,
/// or, when that is empty, random bytes generated on first start and kept in the database.
public struct SiteSecret: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// The config's secret when it has one; otherwise the one kept in the database, made now if
    /// this is the first start.
    public static func load(configured: String, settings: any SettingsStore) async throws -> SiteSecret {
        if !configured.isEmpty {
            return SiteSecret(key: SymmetricKey(data: Data(configured.utf8)))
        }
        let stored = try await settings.kept("secret") {
            (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        }
        return SiteSecret(key: SymmetricKey(data: Data(stored.utf8)))
    }

    /// HMAC-SHA256 of a message under the secret.
    func mac(_ message: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key))
    }

    /// A stable, keyed hash of a client address: the same address always gives the same hash,
    /// and the address can't be read back from it.
    public func clientHash(_ address: String) -> String {
        mac("client|" + address).prefix(16).hexString
    }
}
