import QuireCore

/// What the comment form shows besides its defaults: typed values, errors, a note, a reply target.
struct CommentFormState: Sendable {
    var values: [CommentField: String] = [:]
    var errors: [CommentField: String] = [:]
    var notice: String?
    var parentID: Int64?
    /// The post page says "Your comment is awaiting moderation." after a held comment.
    var awaitingModeration = false
}
