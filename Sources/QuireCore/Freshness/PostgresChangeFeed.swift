import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The change feed of a PostgreSQL database that several processes share. The schema's triggers
/// move the change counters and send `NOTIFY quire_change` with every commit that changes what
/// pages show (migrations 0001 and 0002); this process listens on one connection of its own and
/// moves its commit version at each notification.
///
/// Two fallbacks keep the cache right when notifications can't be trusted:
/// - Every `pollInterval` the counters are read; if they moved without a notification (one
///   lost), the version moves. A lost notification is noticed within that bound.
/// - While the listening connection is down, or the last read of the counters failed, the feed
///   cannot know what changed: every call of `commitVersion` then answers a new version, so the
///   page cache looks at the counters on every request and keeps nothing it can't check.
///
/// A service of the server's group: it listens and polls until the server stops.
public final class PostgresChangeFeed: ChangeFeed, Service {
    let database: PostgresDatabase
    let pollInterval: Duration
    private let version = Atomic<Int>(0)
    private let isListening = Atomic<Bool>(false)
    private let lastPollFailed = Atomic<Bool>(false)
    private let lastCounters = Mutex<ChangeCounters?>(nil)

    public init(database: PostgresDatabase, pollInterval: Duration = .seconds(1)) {
        self.database = database
        self.pollInterval = pollInterval
    }

    public func commitVersion() throws -> Int {
        guard knowsChanges else { return version.add(1, ordering: .acquiringAndReleasing).newValue }
        return version.load(ordering: .acquiring)
    }

    /// Whether a change made by any process reaches this one: listening, and the database answers.
    public var knowsChanges: Bool {
        isListening.load(ordering: .acquiring) && !lastPollFailed.load(ordering: .acquiring)
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.listen() }
            group.addTask { await self.poll() }
        }
    }

    /// Listens until the server stops, connecting again (every second at most) when the
    /// connection drops or PostgreSQL restarts.
    private func listen() async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown {
                    try await self.database.client.withConnection { connection in
                        try await connection.listen(on: Self.channel) { notifications in
                            self.isListening.store(true, ordering: .releasing)
                            // What committed before LISTEN took hold is read from the counters.
                            self.moveVersion()
                            for try await _ in notifications { self.moveVersion() }
                        }
                    }
                }
            } catch {
                if !Task.isShuttingDownGracefully {
                    database.logger.warning("Lost the PostgreSQL connection that hears of changes; pages are checked on every request until it is back", metadata: ["error": "\(error)"])
                }
            }
            isListening.store(false, ordering: .releasing)
            moveVersion()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Reads the counters every `pollInterval` until the server stops.
    private func poll() async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await pollOnce()
            try? await gracefulShutdownOrSleep(for: pollInterval)
        }
    }

    /// Reads the counters once; moves the version when they moved since the last read, or when
    /// the read fails (the feed then cannot know until a read succeeds).
    func pollOnce() async {
        do {
            let counters = try await counters(commentsAfter: .max)
            lastPollFailed.store(false, ordering: .releasing)
            let moved = lastCounters.withLock { last in
                defer { last = counters }
                return last.map { $0.content != counters.content || $0.comments != counters.comments } ?? false
            }
            if moved { moveVersion() }
        } catch {
            lastPollFailed.store(true, ordering: .releasing)
            moveVersion()
        }
    }

    private func moveVersion() {
        version.add(1, ordering: .acquiringAndReleasing)
    }

    private func gracefulShutdownOrSleep(for duration: Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }

    static let channel = "quire_change"

    // MARK: What changed

    public func counters(commentsAfter commentSequence: Int) async throws -> ChangeCounters {
        let row = try await database.rows("SELECT content, comments FROM change_counter WHERE id = 1").first
        let (content, comments) = try row?.decode((Int, Int).self) ?? (0, 0)
        let posts = try await database.rows("SELECT post_id FROM post_comment_change WHERE sequence > \(commentSequence)")
            .map { try $0.decode(Int64.self) }
        return ChangeCounters(content: content, comments: comments, postsWithCommentChanges: Set(posts))
    }

    public func nextPublication(after now: Date) async throws -> Date? {
        try await database.rows("SELECT min(post.published_at) FROM post WHERE \(publicAfter: now, kind: nil)").first?.decode(Date?.self)
    }

    public func nextCommentsClosing(after now: Date, openFor: TimeInterval) async throws -> Date? {
        // Posts published less than `openFor` ago, or later: their comments close after now.
        let since = now.addingTimeInterval(-openFor)
        return try await database.rows("""
            SELECT min(post.published_at) FROM post
            WHERE post.comments_open AND post.published_at > \(since) AND post.kind = 'post' AND post.status <> 'draft'
            """).first?.decode(Date?.self).map { $0.addingTimeInterval(openFor) }
    }
}
