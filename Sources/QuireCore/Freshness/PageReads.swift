import Synchronization

/// Which posts' comments were read while one answer was made, so a cached answer is dropped
/// when, and only when, one of those posts gets a comment write. `CommentStore` notes every
/// read into the recorder bound to the current task, if any.
public final class CommentReads: Sendable {
    /// The recorder of the answer being made, bound by the page cache around rendering.
    @TaskLocal public static var current: CommentReads?

    public struct Reads: Sendable, Equatable {
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

    private let state = Mutex(Reads())

    public init() {}

    public var reads: Reads { state.withLock { $0 } }

    static func note(_ postIDs: some Sequence<Int64>) {
        guard let recorder = current else { return }
        recorder.state.withLock { $0.posts.formUnion(postIDs) }
    }

    static func noteAllPosts() {
        current?.state.withLock { $0.allPosts = true }
    }
}
