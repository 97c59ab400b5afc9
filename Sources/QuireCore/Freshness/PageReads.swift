import Synchronization

/// Which posts' comments one answer read, so that its cached copy is dropped when, and only
/// when, one of those posts gets a comment write (`PageDependencies.Tracking.commentsOfPost`).
public struct PageReads: Sendable, Equatable {
    public var posts: Set<Int64> = []
    /// Comments were read across posts (such as the moderation queue): any comment write matters.
    public var allPosts = false

    public init(posts: Set<Int64> = [], allPosts: Bool = false) {
        self.posts = posts
        self.allPosts = allPosts
    }

    /// Whether a comment write to these posts changes what was read.
    public func depends(onAnyOf changed: Set<Int64>) -> Bool {
        !changed.isEmpty && (allPosts || !posts.isDisjoint(with: changed))
    }
}

/// Collects the `PageReads` of one answer while it is made. Each request carries its own, and
/// every `CommentStore` read takes it as an argument, so no comment read goes unrecorded.
public final class ReadLog: Sendable {
    private let state = Mutex(PageReads())

    public init() {}

    /// What was read so far.
    public var reads: PageReads { state.withLock { $0 } }

    func note(_ postIDs: some Sequence<Int64>) {
        state.withLock { $0.posts.formUnion(postIDs) }
    }

    func noteAllPosts() {
        state.withLock { $0.allPosts = true }
    }
}
