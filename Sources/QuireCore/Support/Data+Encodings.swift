import Foundation

extension Data {
    /// Lowercase hexadecimal, two digits a byte.
    public var hexString: String { map { String(format: "%02x", $0) }.joined() }

    /// URL-safe base64 without padding (RFC 4648 §5), for tokens and cursors that travel in URLs.
    public var base64URLEncoded: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes URL-safe base64 with or without padding; nil for anything else.
    public init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
