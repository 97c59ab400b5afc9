import Foundation
import QuireCore

/// The view models of the admin's post screens.
enum AdminPostScreens {
    /// What the editor says after a save, by the `done` of its address.
    static let notices = [
        "saved": "Draft saved.", "updated": "Post updated.", "published": "Post published.",
        "scheduled": "Post scheduled.", "unpublished": "Post moved back to drafts.", "restored": "Revision restored as the newest version.",
    ]

    struct List: Sendable {
        /// `/admin/posts` or `/admin/pages`, and "post" or "page".
        var base: String
        var noun: String
        var heading: String
        var filters: [FilterLink]
        var query: String
        var status: String
        var rows: [Row]
        var hasRows: Bool
        var total: Int
        var previousURL: String?
        var nextURL: String?
    }

    struct FilterLink: Sendable {
        var label: String
        var url: String
        var current: Bool
        var count: Int?
    }

    struct Row: Sendable {
        var title: String
        var editURL: String
        var status: String
        var date: String
        var updated: String
        var author: String
        var publicURL: String?
    }

    struct Editor: Sendable {
        var heading: String
        var base: String
        /// A page's editor shows neither tags, excerpt, date, featured image nor comments.
        var isPage: Bool
        var action: String
        /// 0 for a new post.
        var postID: Int64
        var values: AdminPostForm
        var errors: [String: String]
        var timeZone: String
        var status: String
        var isNew: Bool
        var isDraft: Bool
        var isPublic: Bool
        var isScheduled: Bool
        var publicURL: String?
        var revisionsURL: String?
        var deleteURL: String?
        var conflict: Conflict?
        /// The newest images of the media library, to insert or feature.
        var media: [AdminMediaItem]
        var hasMedia: Bool
    }

    /// The version saved by someone else since the form was opened, shown beside the user's own.
    struct Conflict: Sendable {
        var savedAt: String
        var title: String
        var bodyMarkdown: String
        var version: Int
    }

    struct Revisions: Sendable {
        var title: String
        var editURL: String
        var rows: [RevisionRow]
    }

    struct RevisionRow: Sendable {
        var version: Int
        var savedAt: String
        var savedBy: String
        var title: String
        var url: String
        var isCurrent: Bool
    }

    struct Revision: Sendable {
        var postTitle: String
        var editURL: String
        var revisionsURL: String
        var restoreURL: String
        var version: Int
        var savedAt: String
        var title: String
        var excerpt: String
        var tags: String
        var bodyMarkdown: String
        var isCurrent: Bool
    }

    struct Delete: Sendable {
        var noun: String
        var title: String
        var editURL: String
        var deleteURL: String
        var comments: Int
    }
}
