import Foundation
import QuireCore

extension SiteViews {
    /// The comments section of a post page.
    func commentsView(post: Post, comments: [Comment], isOpen: Bool, token: String, form state: CommentFormState) -> CommentsView {
        let path = "/posts/\(post.slug)"
        let threads = CommentThread.threads(from: comments).map { commentView($0, postPath: path) }
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
            threads: threads,
            awaitingModeration: state.awaitingModeration,
            isClosed: !isOpen,
            form: isOpen ? form : nil
        )
    }

    private func commentView(_ thread: CommentThread, postPath: String) -> CommentView {
        let comment = thread.comment
        let id = comment.id ?? 0
        return CommentView(
            anchor: "comment-\(id)",
            authorName: comment.authorName,
            authorURL: comment.authorURL,
            linkRel: CommentText.linkRel,
            dateISO: dates.rfc3339(comment.createdAt),
            dateDisplay: dates.display(comment.createdAt),
            bodyHTML: CommentText.html(comment.body),
            replies: thread.replies.map { commentView($0, postPath: postPath) },
            hasReplies: !thread.replies.isEmpty,
            replyURL: comment.depth < config.comments.threadDepth ? "\(postPath)?replytocom=\(id)#respond" : nil
        )
    }
}
