/// What became of a submitted comment: the one answer `CommentStore.submit` gives, which the
/// form and the API each turn into their own kind of reply.
public enum CommentOutcome: Sendable, Equatable {
    /// Stored, with the status moderation gave it.
    case stored(Comment)
    case refused(CommentRefusal)

    /// The stored comment, or nil when it was refused.
    public var comment: Comment? {
        guard case .stored(let comment) = self else { return nil }
        return comment
    }
}

/// Why a comment was not stored, in the order the checks are made (docs/comments.md).
public enum CommentRefusal: Error, Sendable, Equatable {
    /// The post takes no comments: its flag, or `close_comments_after_days`.
    case closed
    /// The form's `form_token` was missing, forged or expired.
    case expiredForm
    /// Fields with problems, each with a message for the person who typed it.
    case invalid([CommentField: String])
    /// Too many comments from this client lately; try again after this many seconds.
    case rateLimited(retryAfter: Int)
}
