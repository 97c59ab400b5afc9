import Foundation

/// Reads and writes comments. `submit` is the one place that decides whether a comment is taken:
/// it checks and moderates it, and the store writes it in a transaction that reads what the
/// decision needs (`CommentFacts`); the comment is stored when `submit` returns.
///
/// Every read takes the `ReadLog` of the answer being made, so the page cache knows which posts'
/// comments that answer shows (`PageReads`).
public protocol CommentStore: Sendable {
    var settings: QuireConfig.Comments { get }

    /// In one write transaction, in turn with every other comment from the same client: reads
    /// the facts about `draft`, asks `decide` for the comment to store (it throws a
    /// `CommentRefusal` instead when the facts refuse it), stores it and answers it with its id.
    func store(_ draft: CommentDraft, postID: Int64, now: Date, decide: @escaping @Sendable (CommentFacts) throws -> Comment) async throws -> Comment

    /// A post's approved comments, oldest first.
    func approvedComments(postID: Int64, log: ReadLog) async throws -> [Comment]
    /// How many approved comments each of these posts has; posts with none are left out.
    func approvedCounts(postIDs: [Int64], log: ReadLog) async throws -> [Int64: Int]
    /// One comment of any status, with its post's slug.
    func comment(id: Int64, log: ReadLog) async throws -> CommentEntry?
    /// Comments of one status, newest first, keyset paged.
    func comments(status: CommentStatus, after cursor: KeysetCursor?, limit: Int, log: ReadLog) async throws -> KeysetPage<CommentEntry>

    /// Moves a comment to another status and returns it.
    func setStatus(id: Int64, to status: CommentStatus) async throws -> CommentEntry
    /// Deletes a comment for good; its replies stay, as comments on the post.
    func delete(id: Int64) async throws

    // MARK: The admin

    func count(status: CommentStatus) async throws -> Int
    /// One page of the comments of a status, newest first.
    func adminPage(status: CommentStatus, page: Int, perPage: Int) async throws -> [CommentAdminEntry]
    /// The newest comments of every status.
    func recent(limit: Int) async throws -> [CommentAdminEntry]
    func adminEntry(id: Int64) async throws -> CommentAdminEntry?
    /// Moves several comments to a status, or deletes them (`status` nil), in one transaction;
    /// returns how many there were.
    func moderate(ids: [Int64], to status: CommentStatus?) async throws -> Int
    /// Replaces what a comment says and who it is from, already checked (`edit`).
    func replaceText(id: Int64, body: String, authorName: String, authorURL: String?) async throws
    /// In one transaction: reads the comment answered, stores the reply `make` makes of it and
    /// approves the comment answered (`reply`).
    func storeReply(to parentID: Int64, make: @escaping @Sendable (Comment) throws -> Comment) async throws -> Comment
}

/// What the decision on a new comment reads from the store, in the transaction that stores it.
public struct CommentFacts: Sendable {
    /// The window of the rate limit.
    public static let rateWindow: TimeInterval = 60

    /// When the same client's comments of the last `rateWindow` were written, oldest first.
    public var recentFromClient: [Date]
    /// The comment a reply answers, if the draft names one and it exists.
    public var parent: Comment?
    /// Whether the author's email already has an approved comment (for first-time moderation).
    public var authorHasApprovedComment: Bool
}

/// A comment with the title and slug of its post, for the moderation queue.
public struct CommentAdminEntry: Sendable, Equatable {
    public var comment: Comment
    public var postTitle: String
    public var postSlug: String
}

extension CommentStore {
    var moderation: CommentModeration { CommentModeration(settings: settings) }

    /// Whether a post takes comments at `now`: its own flag, and its age against
    /// `close_comments_after_days`. The post page shows the form only then.
    public func isOpen(_ post: Post, now: Date) -> Bool {
        moderation.isOpen(post, now: now)
    }

    /// Stores a reader's comment on a post with the status moderation gives it, or says why not.
    /// The checks run in this order: comments open, form token, fields, rate limit, parent.
    public func submit(_ draft: CommentDraft, to post: Post, now: Date) async throws -> CommentOutcome {
        guard let postID = post.id else { throw StoreError.notFound }
        guard isOpen(post, now: now) else { return .refused(.closed) }
        guard draft.origin != .form(validToken: false) else { return .refused(.expiredForm) }
        let errors = CommentValidator(maxCommentLength: settings.maxCommentLength).errors(in: draft)
        guard errors.isEmpty else { return .refused(.invalid(errors)) }
        let (moderation, settings) = (moderation, settings)
        do {
            return .stored(try await store(draft, postID: postID, now: now) { facts in
                try Self.checkRateLimit(facts.recentFromClient, limit: settings.commentRateLimit, now: now)
                let depth = try Self.replyDepth(under: facts.parent, named: draft.parentID, postID: postID, threadDepth: settings.threadDepth)
                return Comment(
                    id: nil,
                    postID: postID,
                    parentID: draft.parentID,
                    depth: depth,
                    authorName: draft.authorName.trimmingCharacters(in: .whitespacesAndNewlines),
                    authorEmail: draft.authorEmail.trimmingCharacters(in: .whitespaces),
                    authorURL: draft.authorURL?.trimmingCharacters(in: .whitespaces).nonEmpty,
                    body: draft.body,
                    status: moderation.status(for: draft, hasApprovedComment: facts.authorHasApprovedComment),
                    createdAt: now,
                    clientHash: draft.clientHash,
                    userAgent: String(draft.userAgent.prefix(500))
                )
            })
        } catch let refusal as CommentRefusal {
            return .refused(refusal)
        }
    }

    /// Refuses with `rateLimited` when the client already sent `comment_rate_limit` comments in
    /// the last minute; 0 turns the limit off.
    private static func checkRateLimit(_ recent: [Date], limit: Int, now: Date) throws {
        guard limit > 0, recent.count >= limit else { return }
        let freedAt = recent[recent.count - limit].addingTimeInterval(CommentFacts.rateWindow)
        throw CommentRefusal.rateLimited(retryAfter: max(1, Int(freedAt.timeIntervalSince(now).rounded(.up))))
    }

    /// The depth of a new comment: 1 on the post, or one more than the approved comment it
    /// answers, which must belong to the same post and leave room under `thread_depth`.
    private static func replyDepth(under parent: Comment?, named parentID: Int64?, postID: Int64, threadDepth: Int) throws -> Int {
        guard parentID != nil else { return 1 }
        guard let parent, parent.postID == postID, parent.status == .approved else {
            throw CommentRefusal.invalid([.parent: "The comment you are replying to is not available."])
        }
        guard parent.depth < threadDepth else {
            throw CommentRefusal.invalid([.parent: "Replies can't be nested more than \(threadDepth) levels deep."])
        }
        return parent.depth + 1
    }

    /// Changes what a comment says and who it is from; the same rules as a reader's comment.
    public func edit(id: Int64, body: String, authorName: String, authorURL: String?) async throws {
        // The email isn't edited here; a placeholder lets the shared rules check the rest.
        let draft = CommentDraft(
            authorName: authorName, authorEmail: "unchanged@example.com",
            authorURL: authorURL?.trimmingCharacters(in: .whitespaces).nonEmpty, body: body, clientHash: "", origin: .admin
        )
        if let (field, message) = CommentValidator(maxCommentLength: settings.maxCommentLength).errors(in: draft).first {
            throw StoreError.invalid(field: field.formName, message: message)
        }
        try await replaceText(id: id, body: body, authorName: authorName.trimmingCharacters(in: .whitespacesAndNewlines), authorURL: draft.authorURL)
    }

    /// Holds an approved comment again (`pending`) when its new text breaks a rule that holds any
    /// comment: too many links or a blocklist word.
    public func holdIfContentRulesBroken(id: Int64, body: String, authorName: String, authorEmail: String, authorURL: String?) async throws {
        let draft = CommentDraft(authorName: authorName, authorEmail: authorEmail, authorURL: authorURL, body: body, clientHash: "", origin: .api)
        guard moderation.breaksContentRules(draft),
            try await comment(id: id, log: ReadLog())?.comment.status == .approved
        else { return }
        _ = try await setStatus(id: id, to: .pending)
    }

    /// A reply to a comment written by a signed-in user, published at once and marked as
    /// theirs; the comment answered is approved with it (as WordPress's "Approve and Reply").
    public func reply(to parentID: Int64, body: String, by user: User, now: Date) async throws -> Comment {
        let draft = CommentDraft(authorName: user.name, authorEmail: user.email, body: body, parentID: parentID, clientHash: "admin", origin: .admin)
        if let (field, message) = CommentValidator(maxCommentLength: settings.maxCommentLength).errors(in: draft).first {
            throw StoreError.invalid(field: field.formName, message: message)
        }
        let threadDepth = settings.threadDepth
        return try await storeReply(to: parentID) { parent in
            guard parent.depth < threadDepth else {
                throw StoreError.invalid(field: "comment", message: "replies can't be nested more than \(threadDepth) levels deep")
            }
            return Comment(
                id: nil, postID: parent.postID, parentID: parentID, depth: parent.depth + 1, authorName: user.name,
                authorEmail: user.email, authorURL: nil, body: body, status: .approved, createdAt: now,
                clientHash: "admin", userAgent: "", userID: user.id
            )
        }
    }
}
