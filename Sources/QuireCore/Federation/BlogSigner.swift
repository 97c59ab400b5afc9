import Foundation
import NIOHTTP1

/// Signs the blog's outbound requests as Mastodon expects them: draft-cavage `rsa-sha256` with
/// the blog's key, covering `(request-target) host date`, and `digest` (SHA-256 of the body,
/// sent as `Digest`) when there is a body.
public struct BlogSigner: OutboundSigner {
    public let key: BlogKey
    public let keyID: String
    public let clock: WallClock

    public init(key: BlogKey, keyID: String, clock: WallClock) {
        self.key = key
        self.keyID = keyID
        self.clock = clock
    }

    public func fields(method: HTTPMethod, url: URL, body: [UInt8]?) throws -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("Host", Self.authority(of: url)), ("Date", SignatureDate.field(for: clock.now()))]
        if let body { fields.append(("Digest", BodyDigest.digestField(for: body))) }
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        let message = SignedMessage(method: method.rawValue, target: target, fields: fields, scheme: url.scheme ?? "https")
        let covered = ["(request-target)", "host", "date"] + (body == nil ? [] : ["digest"])
        let signature = try CavageSignature.sign(message, covering: covered, keyID: keyID, with: key.privateKey)
        return fields + [("Signature", signature.headerValue)]
    }

    /// The URL's host, with its port when that is not the scheme's default: the `Host` sent.
    static func authority(of url: URL) -> String {
        let name = url.host ?? ""
        let host = name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name
        guard let port = url.port, port != (url.scheme?.lowercased() == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }
}
