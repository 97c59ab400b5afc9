/// What one `quire import-wordpress` run did, counted.
public struct WordPressImportReport: Sendable, Equatable {
    public var publishedPosts = 0
    public var scheduledPosts = 0
    public var draftPosts = 0
    /// Posts this export brought in before; they are left as they are now.
    public var postsAlreadyImported = 0
    public var commentsByStatus: [CommentStatus: Int] = [:]
    public var commentsAlreadyImported = 0
    public var pagesSkipped = 0
    /// Pingbacks, trackbacks and empty comments.
    public var commentsSkipped = 0
    /// Attachments, menu items, revisions, trashed posts and auto-drafts.
    public var otherItemsSkipped = 0
    /// Posts whose WordPress slug was taken by another post here, and the slug they got.
    public var renamedSlugs: [(from: String, to: String)] = []

    public var postsImported: Int { publishedPosts + scheduledPosts + draftPosts }
    public var commentsImported: Int { commentsByStatus.values.reduce(0, +) }

    /// The lines `quire import-wordpress` prints.
    public var lines: [String] {
        var lines = [
            "posts: \(postsImported) imported (\(publishedPosts) published, \(scheduledPosts) scheduled, \(draftPosts) drafts); \(postsAlreadyImported) already imported, left as they are",
            "comments: \(commentsImported) imported (" + CommentStatus.allCases.map { "\(commentsByStatus[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + "); \(commentsAlreadyImported) already imported",
            "skipped: \(pagesSkipped) pages, \(otherItemsSkipped) other items (attachments, menus, revisions, trash, auto-drafts), \(commentsSkipped) pingbacks, trackbacks and empty comments",
        ]
        for (from, to) in renamedSlugs {
            lines.append("the slug '\(from)' was taken by another post: imported as /posts/\(to)")
        }
        return lines
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.lines == rhs.lines
    }
}
