// View models of the comments section. Optional fields are read in templates with a leading
// dot (`{{#.authorURL}}`): Mustache would otherwise take a missing value from an enclosing
// comment.

/// `<section id="comments">`: the approved comments and the form.
struct CommentsView: Sendable {
    var heading: String
    var hasComments: Bool
    /// Every thread, rendered one comment at a time (`CommentFragments`).
    var threadsHTML: String
    var awaitingModeration: Bool
    var isClosed: Bool
    var form: CommentFormView?
}

/// One approved comment with its replies.
struct CommentView: Sendable {
    var anchor: String
    var authorName: String
    var authorURL: String?
    var linkRel: String
    var dateISO: String
    var dateDisplay: String
    var bodyHTML: String
    /// The replies, each rendered with this same template.
    var repliesHTML: String
    var hasReplies: Bool
    /// nil where the thread is as deep as `thread_depth` allows.
    var replyURL: String?
    /// Written from the admin by one of the blog's users: marked as the author's.
    var isByAuthor: Bool
}

/// The "Leave a Reply" form, with what the reader typed and what was wrong with it.
struct CommentFormView: Sendable {
    var action: String
    var token: String
    var parentID: String
    /// The name of the comment being answered, when replying.
    var replyTo: String?
    var cancelURL: String
    var comment: String
    var author: String
    var email: String
    var url: String
    var errors: FieldErrors
    /// A note above the form, such as "send it again" after an expired token.
    var notice: String?
}

/// Each field's error message, shown next to it.
struct FieldErrors: Sendable {
    var comment: String?
    var author: String?
    var email: String?
    var url: String?
    var parent: String?
    var hasAny: Bool
}
