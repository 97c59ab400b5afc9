import Foundation
import Logging
import NIOHTTP1

/// Sends the queued Webmentions (W3C Webmention §3.1): for each, the target page is fetched and
/// its endpoint discovered (`WebmentionDiscovery`); a page without one is done with. The
/// endpoint gets a form-encoded POST of `source` and `target`, its URL used as discovered (its
/// query kept). 2xx: sent; 4xx but 408 and 429: given up; anything else is tried again as
/// deliveries are, for a day. Every request goes under the outbound rules.
public struct WebmentionSender: Sendable {
    let store: any WebmentionStore
    let client: OutboundClient
    let clock: WallClock
    let logger: Logger
    /// Webmentions taken from the queue at a time.
    public var batchSize = 16
    /// Targets sent to at once.
    public var concurrency = 4

    public init(store: any WebmentionStore, client: OutboundClient, clock: WallClock, logger: Logger) {
        self.store = store
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// What became of one Webmention.
    public enum Outcome: Sendable, Equatable {
        /// Sent to this endpoint, which answered 2xx.
        case sent(endpoint: String)
        /// The target advertises no endpoint.
        case noEndpoint
        case retry(String)
        case givenUp(String)
    }

    /// Sends one batch of the Webmentions due now, `concurrency` at a time (the background work
    /// comes back each second for more); the outcomes in the order taken.
    @discardableResult
    public func sendDue() async throws -> [Outcome] {
        let now = clock.now()
        let due = try await store.claimOutgoing(now: now, limit: batchSize, leaseUntil: now.addingTimeInterval(DeliveryWorker.lease))
        return await due.boundedConcurrentMap(width: concurrency) { mention in
            let outcome = await send(mention)
            await record(outcome, of: mention)
            return outcome
        }
    }

    /// Takes a Webmention off the queue, or leaves it for its retry.
    private func record(_ outcome: Outcome, of mention: OutgoingWebmention) async {
        do {
            let retryAt = clock.now().addingTimeInterval(DeliveryWorker.retryDelay(afterAttempts: mention.attempts))
            if case .retry(let error) = outcome, retryAt.timeIntervalSince(mention.createdAt) <= DeliveryWorker.giveUpAfter {
                try await store.sendFailed(mention, error: error, retryAt: retryAt)
            } else {
                try await store.finished(mention)
            }
        } catch {
            logger.warning("A Webmention's outcome could not be saved; it will be tried again after its lease", metadata: ["error": "\(error)"])
        }
        logger.info("A Webmention was sent, or given up", metadata: ["source": "\(mention.source)", "target": "\(mention.target)", "outcome": "\(outcome)"])
    }

    /// Discovers the target's endpoint and sends to it.
    public func send(_ mention: OutgoingWebmention) async -> Outcome {
        let page: OutboundResponse
        do {
            page = try await client.send(OutboundRequest(url: mention.target, headers: [("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.1")]))
        } catch {
            return Self.failure(error)
        }
        switch page.verdict {
        case .taken: break
        case .later: return .retry("the target answered \(page.status)")
        case .never: return .givenUp("the target answered \(page.status)")
        }
        let isHTML = page.headers.first(name: "content-type")?.lowercased().contains("html") ?? false
        guard let endpoint = WebmentionDiscovery.endpoint(
            pageURL: page.url, linkFields: page.headers["link"], body: String(decoding: page.body, as: UTF8.self), isHTML: isHTML
        ) else { return .noEndpoint }
        let answer: OutboundResponse
        do {
            answer = try await client.send(OutboundRequest(
                method: .POST, url: endpoint, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(Self.formBody(["source": mention.source, "target": mention.target]).utf8)
            ))
        } catch {
            return Self.failure(error)
        }
        switch answer.verdict {
        case .taken: return .sent(endpoint: endpoint)
        case .later: return .retry("the endpoint answered \(answer.status)")
        case .never: return .givenUp("the endpoint answered \(answer.status)")
        }
    }

    private static func failure(_ error: OutboundError) -> Outcome {
        if case .refusedAddress = error { return .givenUp(error.description) }
        return .retry(error.description)
    }

    /// `application/x-www-form-urlencoded`, keys in order.
    public static func formBody(_ fields: KeyValuePairs<String, String>) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
