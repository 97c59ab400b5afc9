import Crypto
import Foundation

/// Random secrets handed to a person or a browser once (API tokens, session cookies, sign-in
/// links) and stored only as their SHA-256.
public enum RandomToken {
    /// 256 random bits, base64url, after `prefix`.
    public static func make(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Data(bytes).base64URLEncoded
    }

    /// The stored form of a token: SHA-256, hex (64 characters).
    public static func hash(_ token: String) -> String {
        Data(SHA256.hash(data: Data(token.utf8))).hexString
    }
}
