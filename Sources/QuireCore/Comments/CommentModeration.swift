import Foundation

/// Decides whether a new comment is published at once or waits for the author (docs/comments.md).
public struct CommentModeration: Sendable {
    public var settings: QuireConfig.Comments

    public init(settings: QuireConfig.Comments) {
        self.settings = settings
    }

    /// The status a new comment gets; `hasApprovedComment` tells whether its email address has
    /// had a comment approved before.
    public func status(for draft: CommentDraft, hasApprovedComment: Bool) -> CommentStatus {
        if draft.isHoneypotFilled { return .spam }
        if draft.origin == .webmention { return .pending }
        if breaksContentRules(draft) { return .pending }
        switch settings.moderation {
        case .open: return .approved
        case .holdAll: return .pending
        case .holdFirstTime: return hasApprovedComment ? .approved : .pending
        }
    }

    /// Whether what a comment says is held whoever wrote it: more than `max_links` links, or a
    /// blocklist word.
    func breaksContentRules(_ draft: CommentDraft) -> Bool {
        Self.linkCount(in: draft.body) > settings.maxLinks || containsBlockedWord(draft)
    }

    /// How many http(s) links a text holds.
    public static func linkCount(in text: String) -> Int {
        CommentText.urlRanges(in: text).count
    }

    /// Whether any blocklist word appears, ignoring case, in the name, email, website or body.
    func containsBlockedWord(_ draft: CommentDraft) -> Bool {
        let fields = [draft.authorName, draft.authorEmail, draft.authorURL ?? "", draft.body]
        return settings.blocklist.contains { word in
            let word = word.trimmingCharacters(in: .whitespaces)
            return !word.isEmpty && fields.contains { $0.range(of: word, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        }
    }

    /// Whether a post takes comments at `now`: its own flag, and its age against
    /// `close_comments_after_days` (open until, not at, that many days after publication).
    public func isOpen(_ post: Post, now: Date) -> Bool {
        guard post.commentsOpen else { return false }
        guard let openFor = settings.openFor, let published = post.publishedAt else { return true }
        // Closed from the very moment `SQLiteChangeFeed.nextCommentsClosing` reports.
        return now.timeIntervalSince(published) < openFor
    }
}
