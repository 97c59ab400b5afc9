import Foundation
import GRDB

/// Who may see a post, and when: the one definition every reader-facing query embeds.
///
/// Anonymous readers see a post at `now` when it is not a draft and its `published_at` has come,
/// so a scheduled post becomes public when its time comes, without any write (docs/data-model.md).
extension Post {
    /// SQL that is true for posts readers may see at `now`; the table is named or aliased `post`.
    public static func isPublicSQL(at now: Date) -> SQL {
        "post.status <> 'draft' AND post.published_at <= \(now)"
    }

    /// SQL that is true for posts that become public after `now` with no write: scheduled ones.
    public static func becomesPublicSQL(after now: Date) -> SQL {
        "post.status <> 'draft' AND post.published_at > \(now)"
    }

    /// The status readers see at `now`: a scheduled post whose time has come is published. The
    /// same rule as `isPublicSQL`, for a post already in memory.
    public func status(at now: Date) -> PostStatus {
        if status == .scheduled, let publishedAt, publishedAt <= now { return .published }
        return status
    }
}
