import Foundation
import Hummingbird
import QuireCore

/// Renders a post page with its comments section and related posts: for the page itself, and
/// for the comment form's answers (field errors, expired token, closed comments) that show the
/// page again.
struct PostPageRenderer: Sendable {
    let comments: any CommentStore
    let related: RelatedPosts
    let formTokens: FormTokens
    let views: SiteViews
    let media: any MediaStore
    /// How many related posts the page lists: the config's `related_posts`.
    let relatedCount: Int
    /// Likes and boosts from the fediverse.
    let reactions: any FederationStore

    func render(_ entry: PostWithTags, form: CommentFormState, now: Date, status: HTTPResponse.Status = .ok, log: ReadLog) async throws -> HTMLPage {
        guard let postID = entry.post.id else { throw HTTPError(.notFound) }
        let ranking = try await related.ranking(for: postID, limit: relatedCount, now: now)
        let approved = try await comments.approvedComments(postID: postID, log: log)
        let matches = try await related.matches(ranking, now: now)
        let section = try views.commentsView(
            post: entry.post,
            comments: approved,
            isOpen: comments.isOpen(entry.post, now: now),
            token: formTokens.token(postID: postID, now: now),
            form: form
        )
        let images = try await media.images(for: [entry], bodies: true, baseURL: views.config.site.baseURLPrefix)
        let reactions = try await reactions.reactions(postID: postID).summary
        return try views.postPage(entry, comments: section, related: matches.map(\.entry), images: images, reactions: reactions, status: status)
    }
}
