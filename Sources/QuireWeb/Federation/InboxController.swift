import Foundation
import Hummingbird
import Logging
import QuireCore

/// `POST /activitypub/inbox`, the blog's inbox and shared inbox (docs/federation.md, "The
/// inbox"): every request verified before anything is stored; 202 once taken, 401 for a request
/// that is unsigned, wrongly signed, stale or from an actor other than its signer, 403 from a
/// blocked domain.
struct InboxController<Context: RequestContext>: Sendable {
    let site: LiveSite
    let federation: FederationServices

    /// Activities are small; Mastodon's own limit is 1 MiB.
    static var maxBodySize: Int { 1_048_576 }

    func addRoutes(to router: Router<Context>) {
        router.post("/activitypub/inbox", use: receive)
    }

    @Sendable func receive(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        guard let addresses = site.federationAddresses else { throw HTTPError(.notFound) }
        let bytes: [UInt8]
        switch try await request.serverBody(
            mediaTypes: ["application/activity+json", "application/ld+json", "application/json"], expected: "an activity as application/activity+json",
            limit: Self.maxBodySize, limitText: "1 MiB"
        ) {
        case .success(let body): bytes = body
        case .failure(let problem): return try problem.response(from: request, context: context)
        }
        guard let activity = try? JSONValue.parse(bytes), case .object = activity else {
            return try Problem(.badRequest, "The body is not a JSON object.").response(from: request, context: context)
        }
        let message = Self.signedMessage(request, addresses: addresses)
        let blocked = try await federation.store.blockedDomains()
        if let keyID = Self.keyID(of: message), let host = URL(string: keyID)?.host, BlockedDomains.contains(host, in: blocked) {
            return try Problem(.forbidden, "This blog does not take activities from \(host).").response(from: request, context: context)
        }
        let signer: RemoteActor
        do {
            signer = try await federation.verifier.verify(message, body: bytes)
            guard activity["actor"]?.reference == signer.uri else { throw SignatureError.actorMismatch }
        } catch SignatureError.storeUnavailable {
            // UnavailableMiddleware answers 503 with Retry-After: the sender tries again.
            throw StoreError.unavailable
        } catch {
            context.logger.info("An inbox request was refused", metadata: ["reason": "\(error)"])
            return try Problem(.unauthorized, "Refused: \(error).").response(from: request, context: context)
        }
        // The signer's own host too: its key may be kept on another.
        if BlockedDomains.contains(signer.host, in: blocked) {
            return try Problem(.forbidden, "This blog does not take activities from \(signer.host).").response(from: request, context: context)
        }
        let outcome = try await federation.processor(addresses, site: site).process(activity, from: signer)
        context.logger.info("An activity arrived", metadata: ["actor": "\(signer.uri)", "type": "\(activity.types.first ?? "")", "outcome": "\(outcome)"])
        return Response(status: .accepted)
    }

    /// The request as its signature covers it. `host` is the host of `base_url`: the one the
    /// sender addressed, whatever Host a proxy in front passes on; the scheme is base_url's too.
    static func signedMessage(_ request: Request, addresses: FederationAddresses) -> SignedMessage {
        var fields = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        fields.append(("host", addresses.host))
        return SignedMessage(method: request.method.rawValue, target: request.uri.description, fields: fields, scheme: URL(string: addresses.base)?.scheme ?? "https")
    }

    /// The signing key named by either kind of signature, read without checking anything else.
    static func keyID(of message: SignedMessage) -> String? {
        if message.field("signature-input") != nil { return (try? MessageSignature.all(in: message))?.first?.keyID }
        return message.field("signature").flatMap { try? CavageSignature(header: $0) }?.keyID
    }
}
