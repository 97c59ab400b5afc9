import Foundation
import Hummingbird
import QuireCore

/// `POST /webmention`, the blog's Webmention endpoint (docs/federation.md, "Webmention"): a
/// form-encoded `source` and `target`; 202 once kept for its check, 400 with what is wrong
/// (as `application/problem+json`), 403 from a blocked domain, 429 (one source host) or 503
/// (in all) with `Retry-After` while too many checks wait. 404 while `federation.enabled` is off, when nothing advertises it.
struct WebmentionController<Context: RequestContext>: Sendable {
    let site: LiveSite
    let federation: FederationServices

    /// Two URLs; a form this large is not a Webmention.
    static var maxBodySize: Int { 16 * 1024 }

    func addRoutes(to router: Router<Context>) {
        router.post("/webmention", use: receive)
    }

    @Sendable func receive(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        guard let addresses = site.federationAddresses else { throw HTTPError(.notFound) }
        let fields: FormFields
        switch try await request.serverBody(
            mediaTypes: ["application/x-www-form-urlencoded"], expected: "source and target as application/x-www-form-urlencoded",
            limit: Self.maxBodySize, limitText: "16 KiB"
        ) {
        case .success(let body): fields = FormFields.urlEncoded(body)
        case .failure(let problem): return try problem.response(from: request, context: context)
        }
        let source = fields.values["source"].flatMap { String(validating: $0, as: UTF8.self) }
        let target = fields.values["target"].flatMap { String(validating: $0, as: UTF8.self) }
        if let host = source.flatMap({ URL(string: $0)?.host }), BlockedDomains.contains(host, in: try await federation.store.blockedDomains()) {
            return try Problem(.forbidden, "This blog takes nothing from \(host).").response(from: request, context: context)
        }
        switch try await federation.mentionReceiver(addresses, site: site).receive(source: source, target: target) {
        case .accepted:
            let text = "Accepted: the source will be checked for a link to the post, and the mention shown once the owner approves it.\n"
            return Response(status: .accepted, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        case .refused(let message):
            return try Problem(.badRequest, message).response(from: request, context: context)
        case .busy:
            return try Problem(.serviceUnavailable, "Too many Webmentions are waiting to be checked; send it again later.", headers: [.retryAfter: "600"])
                .response(from: request, context: context)
        case .tooManyFromHost:
            return try Problem(.tooManyRequests, "Too many Webmentions from this source's host are waiting to be checked; send it again later.", headers: [.retryAfter: "600"])
                .response(from: request, context: context)
        }
    }
}
