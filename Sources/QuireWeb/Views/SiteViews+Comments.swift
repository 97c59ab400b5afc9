import Foundation
import QuireCore

extension SiteViews {
    /// The comments section of a post page.
    func commentsView(post: Post, comments: [Comment], isOpen: Bool, token: String, form state: CommentFormState) throws -> CommentsView {
        let path = "/posts/\(post.slug)"
        let threads = try CommentThread.threads(from: comments).map { try commentHTML($0, postPath: path) }
        let replyTo = state.parentID.flatMap { id in comments.first { $0.id == id } }
        let heading = switch comments.count {
        case 0: "Comments"
        case 1: "One comment"
        default: "\(comments.count) comments"
        }
        let form = CommentFormView(
            action: "\(path)/comments",
            token: token,
            parentID: String(replyTo?.id ?? 0),
            replyTo: replyTo?.authorName,
            cancelURL: "\(path)#respond",
            comment: state.values[.body] ?? "",
            author: state.values[.authorName] ?? "",
            email: state.values[.authorEmail] ?? "",
            url: state.values[.authorURL] ?? "",
            errors: FieldErrors(
                comment: state.errors[.body],
                author: state.errors[.authorName],
                email: state.errors[.authorEmail],
                url: state.errors[.authorURL],
                parent: state.errors[.parent],
                hasAny: !state.errors.isEmpty
            ),
            notice: state.notice
        )
        return CommentsView(
            heading: heading,
            hasComments: !comments.isEmpty,
            threadsHTML: threads.map(\.html).joined(separator: "\n"),
            awaitingModeration: state.awaitingModeration,
            isClosed: !isOpen,
            form: isOpen ? form : nil
        )
    }

    /// One comment with its replies, from `commentFragments` when it was rendered before.
    private func commentHTML(_ thread: CommentThread, postPath: String) throws -> (html: String, digest: Data) {
        let replies = try thread.replies.map { try commentHTML($0, postPath: postPath) }
        let comment = thread.comment
        let id = comment.id ?? 0
        let replyURL = comment.depth < config.comments.threadDepth ? "\(postPath)?replytocom=\(id)#respond" : nil
        let dateISO = dates.rfc3339(comment.createdAt)
        let dateDisplay = dates.display(comment.createdAt)
        let byAuthor = comment.userID != nil
        let fields = [String(id), comment.authorName, comment.authorURL ?? "", dateISO, dateDisplay, comment.body, replyURL ?? "", byAuthor ? "author" : ""]
        let digest = CommentFragments.digest(fields: fields, replies: replies.map(\.digest))
        let html = try commentFragments.html(for: digest) {
            let view = CommentView(
                anchor: "comment-\(id)",
                authorName: comment.authorName,
                authorURL: comment.authorURL,
                linkRel: CommentText.linkRel,
                dateISO: dateISO,
                dateDisplay: dateDisplay,
                bodyHTML: CommentText.html(comment.body),
                repliesHTML: replies.map(\.html).joined(separator: "\n"),
                hasReplies: !replies.isEmpty,
                replyURL: replyURL,
                isByAuthor: byAuthor
            )
            return try renderer.render(view, template: "comment")
        }
        return (html, digest)
    }
}
