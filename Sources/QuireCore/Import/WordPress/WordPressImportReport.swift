/// What one `quire import-wordpress` run did, counted.
public struct WordPressImportReport: Sendable, Equatable {
    public var publishedPosts = 0
    public var scheduledPosts = 0
    public var draftPosts = 0
    /// Posts this export brought in before; they are left as they are now.
    public var postsAlreadyImported = 0
    public var commentsByStatus: [CommentStatus: Int] = [:]
    public var commentsAlreadyImported = 0
    public var publishedPages = 0
    public var draftPages = 0
    public var pagesAlreadyImported = 0
    /// Images of the uploads folder that became media.
    public var imagesImported = 0
    /// Images posts show that are not in the uploads folder, by path below `uploads/`.
    public var missingImages: [String] = []
    /// Images that are there but were not taken, with why.
    public var refusedImages: [(path: String, reason: String)] = []
    /// Pingbacks, trackbacks and empty comments.
    public var commentsSkipped = 0
    /// Comments on pages, which Quire's pages do not show.
    public var pageCommentsSkipped = 0
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
            "pages: \(publishedPages + draftPages) imported (\(publishedPages) published, \(draftPages) drafts); \(pagesAlreadyImported) already imported",
            "skipped: \(otherItemsSkipped) other items (attachments, menus, revisions, trash, auto-drafts), \(commentsSkipped) pingbacks, trackbacks and empty comments, \(pageCommentsSkipped) comments on pages (Quire's pages have no comments)",
        ]
        for (from, to) in renamedSlugs {
            lines.append("the slug '\(from)' was taken: imported as '\(to)'")
        }
        if imagesImported > 0 || !missingImages.isEmpty || !refusedImages.isEmpty {
            lines.append("images: \(imagesImported) in media (new, or there from an earlier import); \(missingImages.count) missing from the uploads folder; \(refusedImages.count) not taken")
        }
        for path in missingImages {
            lines.append("missing image: \(path) (not in the uploads folder; its address is left as it was)")
        }
        for (path, reason) in refusedImages {
            lines.append("image not taken: \(path): \(reason)")
        }
        return lines
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.lines == rhs.lines
    }
}
