import CoreMetrics
import Foundation
import Synchronization

/// Rendered answers, kept exactly as long as they are right (docs/freshness.md).
///
/// Every request first asks the `ChangeFeed` whether anything committed since the cache last
/// looked (a microsecond). When something did, the change counters say what: a write to a
/// `.content` table drops every answer; a comment write drops only the answers whose
/// `PageReads` include that post. The clock drops everything when it reaches the next
/// `PageDependencies.TimedChange`. Bounded in bytes; past the budget, the oldest go first. When
/// many readers miss the same answer at once, one renders it and the others take its result.
public final class PageCache<Value: Sendable>: Sendable {
    public struct Entry: Sendable {
        public var value: Value
        /// Bytes the value holds, counted against the budget.
        public var size: Int
        public var reads: PageReads

        public init(value: Value, size: Int, reads: PageReads) {
            self.value = value
            self.size = size
            self.reads = reads
        }
    }

    /// What the cache knew when a request started; an answer made then is kept only if no
    /// write it read from came after.
    public struct View: Sendable, Equatable {
        var content: Int
        var comments: Int
    }

    /// What a reader that missed the cache does: render the answer, or take another's rendering
    /// (nil when that one could not be kept, such as an error page).
    public enum Flight: Sendable {
        case render
        case rendered(Entry?)
    }

    private struct State {
        var commitVersion = -1
        var view = View(content: -1, comments: -1)
        var validUntil = Date.distantPast
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var bytes = 0
        /// Recent comment writes: the posts written to after sequence `after`, up to `sequence`;
        /// for checking answers whose rendering spanned them.
        var commentChanges: [(after: Int, sequence: Int, posts: Set<Int64>)] = []
        /// Readers waiting for an answer that another is rendering.
        var waiting: [String: [CheckedContinuation<Flight, Never>]] = [:]

        mutating func dropAll() {
            entries = [:]
            order = []
            bytes = 0
            commentChanges = []
        }

        mutating func drop(where condition: (Entry) -> Bool) {
            let dropped = Set(entries.filter { condition($0.value) }.keys)
            guard !dropped.isEmpty else { return }
            for key in dropped {
                bytes -= (entries.removeValue(forKey: key)?.size ?? 0) + key.utf8.count
            }
            order.removeAll { dropped.contains($0) }
        }
    }

    private static var commentChangesKept: Int { 4096 }

    private let state = Mutex(State())
    /// The refresh under way, and the commit version it reads at least: requests that see a
    /// write wait for one refresh instead of each asking the database.
    private let refreshing = Mutex<(commitVersion: Int, task: Task<View, any Error>)?>(nil)
    private let feed: any ChangeFeed
    /// How long a post takes comments after it is published, as the settings say now; nil when
    /// comments never close by age.
    private let commentsOpenFor: @Sendable () async throws -> TimeInterval?
    public let budget: Int
    private let counters: CacheCounters

    public init(
        feed: any ChangeFeed, commentsOpenFor: @escaping @Sendable () async throws -> TimeInterval?, budget: Int = 16 * 1024 * 1024,
        counters: CacheCounters = .off
    ) {
        self.feed = feed
        self.commentsOpenFor = commentsOpenFor
        self.budget = budget
        self.counters = counters
    }

    /// A cache for answers that never depend on comments closing.
    public convenience init(feed: any ChangeFeed, budget: Int, counters: CacheCounters = .off) {
        self.init(feed: feed, commentsOpenFor: { nil }, budget: budget, counters: counters)
    }

    /// Brings the cache up to date with the store and the clock, and says where it stands.
    /// Call it before rendering: an answer kept under the view is then never older than it.
    public func refresh(now: Date) async throws -> View {
        let commitVersion = try feed.commitVersion()
        let (known, view, validUntil) = state.withLock { ($0.commitVersion, $0.view, $0.validUntil) }
        if known == commitVersion, now < validUntil { return view }
        let task = refreshing.withLock { refreshing in
            // A refresh that read this commit version or a later one answers for this request too.
            if let refreshing, refreshing.commitVersion >= commitVersion, now < validUntil || known != commitVersion {
                return refreshing.task
            }
            // Shared by every request that waits for this refresh, so it belongs to none of them.
            let task = Task { try await self.update(to: commitVersion, now: now) }
            refreshing = (commitVersion, task)
            return task
        }
        return try await task.value
    }

    /// Reads the change counters and drops what changed since the cache last looked.
    private func update(to commitVersion: Int, now: Date) async throws -> View {
        let since = state.withLock { $0.view.comments }
        let counters = try await feed.counters(commentsAfter: since)
        let nextChange = try await PageDependencies.nextTimedChange(after: now, commentsOpenFor: try await commentsOpenFor(), feed: feed)
        return state.withLock { state in
            // Counters only grow; a slower refresh must not bring back an older view.
            guard commitVersion >= state.commitVersion, counters.comments >= state.view.comments else {
                return state.view
            }
            if counters.content != state.view.content || now >= state.validUntil {
                state.dropAll()
            } else if counters.comments > state.view.comments {
                let changed = counters.postsWithCommentChanges
                state.drop { $0.reads.depends(onAnyOf: changed) }
                state.commentChanges.append((state.view.comments, counters.comments, changed))
                if state.commentChanges.count > Self.commentChangesKept { state.commentChanges.removeFirst(Self.commentChangesKept / 2) }
            }
            state.commitVersion = commitVersion
            state.view = View(content: counters.content, comments: counters.comments)
            state.validUntil = nextChange
            return state.view
        }
    }

    /// The value kept under `key`, or else the one `make` returns: made once however many ask
    /// at the same moment, and kept while nothing it read has changed.
    public func value(for key: String, now: Date, make: () async throws -> Entry) async throws -> Value {
        let view = try await refresh(now: now)
        if let entry = entry(for: key, view: view) { return entry.value }
        if case .rendered(let entry?) = await join(key, view: view) { return entry.value }
        do {
            let entry = try await make()
            finish(key, view: view, entry: entry)
            return entry.value
        } catch {
            finish(key, view: view, entry: nil)
            throw error
        }
    }

    /// The answer kept under `key` for this view; counted as a hit or a miss.
    public func entry(for key: String, view: View) -> Entry? {
        let entry = state.withLock { state in
            state.view.content == view.content ? state.entries[key] : nil
        }
        (entry == nil ? counters.misses : counters.hits).increment()
        return entry
    }

    /// Whether this reader renders the answer or waits for the one already rendering it.
    public func join(_ key: String, view: View) async -> Flight {
        let flightKey = Self.flightKey(key, view)
        return await withCheckedContinuation { continuation in
            let isFirst = state.withLock { state in
                if state.waiting[flightKey] != nil {
                    state.waiting[flightKey, default: []].append(continuation)
                    return false
                }
                state.waiting[flightKey] = []
                return true
            }
            if isFirst { continuation.resume(returning: .render) }
        }
    }

    /// Ends a rendering that `join` asked for: keeps the entry when it is still right, and
    /// hands it to every reader that waited.
    public func finish(_ key: String, view: View, entry: Entry?) {
        let flightKey = Self.flightKey(key, view)
        let waiters = state.withLock { state in
            if let entry { keep(entry, for: key, renderedAt: view, in: &state) }
            return state.waiting.removeValue(forKey: flightKey) ?? []
        }
        for waiter in waiters { waiter.resume(returning: .rendered(entry)) }
    }

    /// Readers share a rendering only if they started from the same view.
    private static func flightKey(_ key: String, _ view: View) -> String {
        "\(view.content) \(view.comments) \(key)"
    }

    private func keep(_ entry: Entry, for key: String, renderedAt view: View, in state: inout State) {
        let size = entry.size + key.utf8.count
        guard size <= budget / 8, state.view.content == view.content, state.entries[key] == nil else { return }
        if state.view.comments != view.comments {
            // Comment writes came while it rendered: keep it only if none touched what it read.
            guard let oldest = state.commentChanges.first, oldest.after <= view.comments else { return }
            let changed = state.commentChanges.filter { $0.sequence > view.comments }.reduce(into: Set<Int64>()) { $0.formUnion($1.posts) }
            guard !entry.reads.depends(onAnyOf: changed) else { return }
        }
        state.entries[key] = entry
        state.order.append(key)
        state.bytes += size
        while state.bytes > budget, !state.order.isEmpty {
            let oldest = state.order.removeFirst()
            if let removed = state.entries.removeValue(forKey: oldest) {
                state.bytes -= removed.size + oldest.utf8.count
                counters.evictions.increment()
            }
        }
    }
}
