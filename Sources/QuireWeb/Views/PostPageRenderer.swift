import Foundation
import Hummingbird
import QuireCore

/// Renders a post page with its comments section, for the page itself and for the comment
/// form's answers (errors, expired token, closed comments) that show the page again.
struct PostPages: Sendable {
    let posts: PostStore
    let comments: CommentStore
    let related: RelatedPosts
    let formTokens: FormTokens
    let views: SiteViews

    var moderation: CommentModeration { CommentModeration(settings: comments.settings) }

    func render(_ entry: PostWithTags, form: CommentFormState, now: Date, status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        guard let postID = entry.post.id else { throw HTTPError(.notFound) }
        let approved = try await comments.approvedComments(postID: postID)
        let section = views.commentsView(
            post: entry.post,
            comments: approved,
            isOpen: moderation.isOpen(entry.post, now: now),
            token: formTokens.token(postID: postID, now: now),
            form: form
        )
        let matches = try await related.related(to: postID, limit: views.config.relatedPosts, now: now)
        return try views.postPage(entry, comments: section, related: matches.map(\.entry), status: status)
    }

    /// Approved comment counts for the posts of a listing.
    func commentCounts(_ page: PostPage) async throws -> [Int64: Int] {
        try await comments.approvedCounts(postIDs: page.posts.compactMap(\.post.id))
    }
}
