import CryptoExtras
import Foundation

/// Decides whether a POST to the inbox really comes from the actor it names (docs/federation.md,
/// "The inbox"): signed with draft-cavage `Signature` or RFC 9421 `Signature-Input`/`Signature`,
/// the method, target, host, date and body digest covered, the date within the window, the body
/// matching its digest, and the signature made by the key its actor shows. A key kept from an
/// earlier request that fails is fetched again once, since actors rotate keys.
public struct InboxVerifier: Sendable {
    let actors: ActorFetcher
    let clock: WallClock

    public init(actors: ActorFetcher, clock: WallClock) {
        self.actors = actors
        self.clock = clock
    }

    /// The actor that signed the request, or the reason it is refused.
    public func verify(_ message: SignedMessage, body: [UInt8]) async throws(SignatureError) -> RemoteActor {
        let now = clock.now()
        let signature = try Self.readSignature(of: message, now: now)
        // Only a digest the signature covers vouches for the body.
        let matches = signature.coversDigest
            ? BodyDigest.matches(digestField: message.field("digest") ?? "", body: body)
            : BodyDigest.matches(contentDigestField: message.field("content-digest") ?? "", body: body)
        guard matches else { throw .digestMismatch }
        var (actor, wasKept) = try await actors.actor(keyID: signature.keyID, refresh: false)
        do {
            try signature.verify(message, actor: actor)
        } catch {
            guard wasKept, error == .badSignature else { throw error }
            (actor, wasKept) = try await actors.actor(keyID: signature.keyID, refresh: true)
            try signature.verify(message, actor: actor)
        }
        return actor
    }

    /// One signature of either kind, checked for what it must cover and when it was made.
    enum Signature {
        case cavage(CavageSignature)
        case rfc9421(MessageSignature)

        /// Whether the body's digest is the covered `Digest` (draft-cavage) rather than `Content-Digest`.
        var coversDigest: Bool {
            if case .cavage(let signature) = self { signature.headers.contains("digest") } else { false }
        }

        var keyID: String {
            switch self {
            case .cavage(let signature): signature.keyID
            case .rfc9421(let signature): signature.keyID ?? ""
            }
        }

        func verify(_ message: SignedMessage, actor: RemoteActor) throws(SignatureError) {
            guard let key = try? _RSA.Signing.PublicKey(pemRepresentation: actor.publicKeyPEM) else { throw .badKey }
            switch self {
            case .cavage(let signature): try signature.verify(message, publicKey: key)
            case .rfc9421(let signature): try signature.verify(message, publicKey: key)
            }
        }
    }

    static func readSignature(of message: SignedMessage, now: Date) throws(SignatureError) -> Signature {
        if message.field("signature-input") != nil {
            // RFC 9421: the first signature; Mastodon sends one.
            guard let signature = try MessageSignature.all(in: message).first, signature.keyID != nil else { throw .malformed("no keyid") }
            try signature.requireCovered(["@method", "content-digest"])
            if !signature.isCovering("@target-uri") {
                try signature.requireCovered(["@authority", "@path"])
            }
            if let created = signature.created {
                guard abs(Double(created) - now.timeIntervalSince1970) <= SignatureDate.window else { throw .staleDate }
            } else {
                try signature.requireCovered(["date"])
                try SignatureDate.check(message.field("date"), now: now)
            }
            if let expires = signature.expires, Double(expires) < now.timeIntervalSince1970 { throw .staleDate }
            return .rfc9421(signature)
        }
        guard let header = message.field("signature") else { throw .missingSignature }
        let signature = try CavageSignature(header: header)
        try signature.requireCovered(["(request-target)", "host"])
        // `created` and `expires` count only when signed.
        if signature.created != nil { try signature.requireCovered(["(created)"]) }
        if signature.expires != nil { try signature.requireCovered(["(expires)"]) }
        if let created = signature.created {
            guard abs(Double(created) - now.timeIntervalSince1970) <= SignatureDate.window else { throw .staleDate }
        } else {
            try signature.requireCovered(["date"])
        }
        if message.field("date") != nil || signature.created == nil { try SignatureDate.check(message.field("date"), now: now) }
        if let expires = signature.expires, Double(expires) < now.timeIntervalSince1970 { throw .staleDate }
        if !signature.headers.contains("digest") { try signature.requireCovered(["content-digest"]) }
        return .cavage(signature)
    }
}

extension MessageSignature {
    func isCovering(_ name: String) -> Bool {
        (try? requireCovered([name])) != nil
    }
}
