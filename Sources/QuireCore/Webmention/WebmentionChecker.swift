import Foundation
import Logging
import NIOHTTP1

/// Checks the Webmentions received (W3C Webmention §3.2.2), in the background: each source is
/// fetched under the outbound rules; one that links to its post stands as a comment under it,
/// held for the owner (its author the page's `<meta name="author">` or host, linked to the
/// page, its text the page's title); one that answers 404 or 410, or no longer links, is
/// removed with its comment. A source that can't be reached is tried again as deliveries are.
public struct WebmentionChecker: Sendable {
    let store: any WebmentionStore
    let posts: any PostStore
    let comments: any CommentStore
    let client: OutboundClient
    /// The domains the owner blocked (`FederationStore.blockedDomains`): a source on one, or
    /// redirected to one, is removed.
    let blockedDomains: @Sendable () async throws -> [String]
    let clock: WallClock
    let logger: Logger
    /// Mentions taken from the queue at a time.
    public var batchSize = 16
    /// Sources fetched at once.
    public var concurrency = 4
    /// Failed fetches of one source before it is given up (about a day of doubling waits).
    public static let maxAttempts = 12

    public init(
        store: any WebmentionStore, posts: any PostStore, comments: any CommentStore, client: OutboundClient,
        blockedDomains: @escaping @Sendable () async throws -> [String], clock: WallClock, logger: Logger
    ) {
        self.store = store
        self.posts = posts
        self.comments = comments
        self.client = client
        self.blockedDomains = blockedDomains
        self.clock = clock
        self.logger = logger
    }

    /// What a check found.
    public enum Outcome: Sendable, Equatable {
        case verified(CommentStatus)
        case removed(String)
        case retry(String)
        case givenUp(String)
    }

    /// Checks one batch of the mentions due now, `concurrency` at a time (the background work
    /// comes back each second for more); the outcomes in the order taken.
    @discardableResult
    public func checkDue() async throws -> [Outcome] {
        let now = clock.now()
        let due = try await store.claimChecks(now: now, limit: batchSize, leaseUntil: now.addingTimeInterval(DeliveryWorker.lease))
        return await due.boundedConcurrentMap(width: concurrency) { mention in await check(mention) }
    }

    private func check(_ mention: ReceivedWebmention) async -> Outcome {
        let outcome: Outcome
        do {
            outcome = try await decide(mention)
            switch outcome {
            case .verified: break
            case .removed:
                if let commentID = mention.commentID {
                    do { try await comments.delete(id: commentID) } catch StoreError.notFound {}  // the owner deleted it already
                }
                try await store.remove(mention)
            case .retry(let error):
                try await store.checkFailed(mention, error: error, retryAt: clock.now().addingTimeInterval(DeliveryWorker.retryDelay(afterAttempts: mention.attempts)))
            case .givenUp(let error):
                try await store.checkFailed(mention, error: error, retryAt: nil)
            }
        } catch {
            logger.warning("A Webmention's check could not be saved; it will be checked again after its lease", metadata: ["error": "\(error)"])
            return .retry("\(error)")
        }
        logger.info("A Webmention was checked", metadata: ["source": "\(mention.source)", "outcome": "\(outcome)"])
        return outcome
    }

    /// Fetches the source and keeps, edits or decides to remove the mention's comment.
    private func decide(_ mention: ReceivedWebmention) async throws -> Outcome {
        let blocked = try await blockedDomains()
        if BlockedDomains.contains(WebmentionLimits.host(of: mention.source), in: blocked) { return .removed("the source's domain is blocked") }
        let response: OutboundResponse
        do {
            response = try await client.send(OutboundRequest(url: mention.source, headers: [("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.1")]))
        } catch {
            if case .refusedAddress = error { return .givenUp(error.description) }
            return failure(error.description, mention)
        }
        switch (response.status, response.verdict) {
        case (404, _), (410, _): return .removed("the source answered \(response.status)")
        case (_, .taken): break
        case (_, .later): return failure("the source answered \(response.status)", mention)
        case (_, .never): return .givenUp("the source answered \(response.status)")
        }
        if BlockedDomains.contains(WebmentionLimits.host(of: response.url), in: blocked) { return .removed("the source redirected to a blocked domain") }
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        let source = WebmentionSource(pageURL: response.url, body: String(decoding: response.body, as: UTF8.self), isHTML: contentType.contains("html"))
        guard source.mentions(mention.target) else { return .removed("the source doesn't link to the post") }
        let now = clock.now()
        guard let post = try await posts.publicPostOrPage(id: mention.postID, now: now) else { return .removed("the post isn't public") }
        let host = URL(string: mention.source)?.host?.lowercased() ?? "the web"
        let name = Self.shown(source.author ?? "", limit: 100).nonEmpty ?? host
        let text = Self.shown(source.title ?? "", limit: 200).nonEmpty.map { "Mentioned this post in “\($0)”." } ?? "Mentioned this post."
        if let commentID = mention.commentID {
            do {
                try await comments.edit(id: commentID, body: text, authorName: name, authorURL: mention.source)
            } catch StoreError.invalid(_, let message) {
                return .givenUp("the mention could not be kept: \(message)")
            } catch StoreError.notFound {
                return .removed("its comment was deleted")
            }
            try await store.verified(mention, commentID: commentID)
            return .verified(try await comments.comment(id: commentID, log: ReadLog())?.comment.status ?? .pending)
        }
        let draft = CommentDraft(
            authorName: name, authorEmail: Self.authorEmail, authorURL: mention.source, body: text,
            clientHash: CommentDraft.remoteClientHash("webmention", of: host),
            origin: .webmention, userAgent: "Webmention"
        )
        switch try await comments.submit(draft, to: post, now: now) {
        case .stored(let comment):
            try await store.verified(mention, commentID: comment.id)
            return .verified(comment.status)
        case .refused(.rateLimited):
            return failure("too many mentions from \(host) at once", mention)
        case .refused(let refusal):
            return .givenUp("the mention was refused: \(refusal)")
        }
    }

    /// Stands in the comment's email field, which a mention has none of (never shown; the rate
    /// limit counts by host, and "hold the first comment" doesn't apply: mentions are always held).
    static let authorEmail = "webmention@webmention.invalid"

    /// Text from another site as one line a comment may show: control characters dropped,
    /// white space folded, cut at a word before `limit` characters.
    static func shown(_ text: String, limit: Int) -> String {
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .control || $0 == "\t" || $0 == "\n" }))
        return HTMLText.truncate(HTMLText.collapsingWhitespace(kept), limit: limit)
    }

    private func failure(_ error: String, _ mention: ReceivedWebmention) -> Outcome {
        mention.attempts + 1 < Self.maxAttempts ? .retry(error) : .givenUp(error)
    }
}
