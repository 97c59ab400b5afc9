import CryptoExtras
import Foundation
import Synchronization

/// The blog's own RSA key, which signs everything it sends to other servers and whose public
/// half its actor shows. Made once (2048 bits), on first use, and kept in the store as PEM under
/// `federation_key`, so it stays the same across restarts and processes.
public struct BlogKey: Sendable {
    public let privateKey: _RSA.Signing.PrivateKey

    public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }

    public init(privateKey: _RSA.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    /// The kept key, made and kept now if there is none.
    public static func load(settings: any SettingsStore) async throws -> BlogKey {
        let pem = try await settings.kept("federation_key") {
            try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation
        }
        return BlogKey(privateKey: try _RSA.Signing.PrivateKey(pemRepresentation: pem))
    }
}

/// Loads the blog's key the first time it is asked for and keeps it: most processes of a blog
/// that doesn't federate never make one.
public final class BlogKeyring: Sendable {
    private let settings: any SettingsStore
    private let loaded = Mutex<BlogKey?>(nil)

    public init(settings: any SettingsStore) {
        self.settings = settings
    }

    public func key() async throws -> BlogKey {
        if let key = loaded.withLock({ $0 }) { return key }
        let key = try await BlogKey.load(settings: settings)
        loaded.withLock { $0 = key }
        return key
    }
}
