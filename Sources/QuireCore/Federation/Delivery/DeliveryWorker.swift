import Foundation
import Logging
import NIOHTTP1

/// Sends the queued deliveries (docs/federation.md, "Delivery"): each a POST of the activity to
/// its inbox, signed with the blog's key, a few inboxes at a time, each inbox's in queue order
/// (a failed one holds back the later ones to its inbox until its retry). An inbox that answers
/// 2xx has it; one that answers 3xx or 4xx (but 408 and 429) never will, and it is given up;
/// anything else (5xx, no answer, a time-out) is tried again after a wait that doubles each
/// time, for a day.
public struct DeliveryWorker: Sendable {
    let store: any FederationStore
    let client: OutboundClient
    let signer: @Sendable () async throws -> BlogSigner
    let clock: WallClock
    let logger: Logger
    /// Inboxes sent to at once.
    public var concurrency = 4
    /// Deliveries taken from the queue at a time.
    public var batchSize = 32

    /// How long a taken delivery stays hidden from other takers (a process that dies while
    /// sending leaves it for them after this): longer than a batch can take, its 32 requests
    /// one after another at the outbound client's 10 s each. Webmention's queues, whose batches
    /// are shorter, take theirs for as long.
    public static let lease: TimeInterval = 900
    /// A delivery still failing this long after it was queued is given up.
    public static let giveUpAfter: TimeInterval = 86_400

    public init(store: any FederationStore, client: OutboundClient, signer: @escaping @Sendable () async throws -> BlogSigner, clock: WallClock, logger: Logger) {
        self.store = store
        self.client = client
        self.signer = signer
        self.clock = clock
        self.logger = logger
    }

    /// The wait before attempt `attempts + 1`: 30 s, doubling, at most 6 hours.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval {
        min(30 * pow(2, Double(min(attempts, 20))), 6 * 3600)
    }

    /// Sends every delivery due now, once; the counts of those that arrived and failed.
    @discardableResult
    public func deliverDue() async throws -> (delivered: Int, failed: Int) {
        var counts = (delivered: 0, failed: 0)
        while true {
            let now = clock.now()
            let due = try await store.claimDue(now: now, limit: batchSize, leaseUntil: now.addingTimeInterval(Self.lease))
            guard !due.isEmpty else { return counts }
            let signer = try await signer()
            // One inbox's deliveries go in the order they were queued (an Accept before a later
            // Reject); different inboxes are sent to at once.
            let byInbox = Dictionary(grouping: due, by: \.inbox).values.map { $0.sorted { $0.id < $1.id } }.sorted { $0[0].id < $1[0].id }
            let results = await byInbox.boundedConcurrentMap(width: concurrency) { deliveries in
                var sent: [Bool] = []
                for (position, delivery) in deliveries.enumerated() {
                    guard case .failed(let retryAt) = await send(delivery, signer: signer) else {
                        sent.append(true)
                        continue
                    }
                    // The rest wait behind it, unsent and uncounted, until its retry.
                    sent.append(false)
                    await release(Array(deliveries[(position + 1)...]), until: retryAt ?? clock.now())
                    break
                }
                return sent
            }.flatMap { $0 }
            counts.delivered += results.filter { $0 }.count
            counts.failed += results.filter { !$0 }.count
        }
    }

    private func release(_ deliveries: [Delivery], until: Date) async {
        guard !deliveries.isEmpty else { return }
        do {
            try await store.release(deliveries, until: until)
        } catch {
            logger.warning("Deliveries could not be given back; they will be taken again after their lease", metadata: ["error": "\(error)"])
        }
    }

    /// What became of one delivery.
    enum Result {
        case arrived
        /// Tried again at `retryAt`, or given up when nil.
        case failed(retryAt: Date?)
    }

    /// Sends one delivery and records what became of it.
    private func send(_ delivery: Delivery, signer: BlogSigner) async -> Result {
        let outcome: (arrived: Bool, error: String, retry: Bool)
        do {
            let response = try await client.send(OutboundRequest(
                method: .POST, url: delivery.inbox, headers: [("Content-Type", ActivityStreams.mediaType)],
                body: Array(delivery.activity.utf8), signer: signer
            ))
            outcome = (response.verdict == .taken, "answered \(response.status)", response.verdict == .later)
        } catch {
            // A refused address will be refused again: no retry.
            if case .refusedAddress = error { outcome = (false, error.description, false) } else { outcome = (false, error.description, true) }
        }
        let now = clock.now()
        let next = now.addingTimeInterval(Self.retryDelay(afterAttempts: delivery.attempts))
        let retryAt = outcome.retry && next.timeIntervalSince(delivery.createdAt) <= Self.giveUpAfter ? next : nil
        do {
            if outcome.arrived {
                try await store.delivered(delivery)
                return .arrived
            }
            try await store.failed(delivery, error: outcome.error, retryAt: retryAt, now: now)
            logger.info("A delivery failed", metadata: [
                "inbox": "\(delivery.inbox)", "error": "\(outcome.error)", "attempt": "\(delivery.attempts + 1)",
                "next": "\(retryAt.map(RFC3339.string) ?? "given up")",
            ])
            return .failed(retryAt: retryAt)
        } catch {
            logger.warning("A delivery's outcome could not be saved; it will be tried again after its lease", metadata: ["error": "\(error)"])
            return .failed(retryAt: now.addingTimeInterval(Self.lease))
        }
    }
}
