/// Approved comments arranged as threads: each with its replies, in date order.
public struct CommentThread: Sendable, Equatable {
    public var comment: Comment
    public var replies: [CommentThread]

    /// Builds threads from comments in date order. A reply whose parent is not in the list
    /// (held, spam or deleted) is shown as a comment of its own rather than hidden.
    public static func threads(from comments: [Comment]) -> [CommentThread] {
        let ids = Set(comments.compactMap(\.id))
        var children: [Int64: [Comment]] = [:]
        var roots: [Comment] = []
        for comment in comments {
            if let parent = comment.parentID, ids.contains(parent) {
                children[parent, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        func build(_ comment: Comment) -> CommentThread {
            CommentThread(comment: comment, replies: (comment.id.flatMap { children[$0] } ?? []).map(build))
        }
        return roots.map(build)
    }
}
