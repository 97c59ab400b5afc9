import Foundation

/// Everything a cached public answer can depend on, said once (docs/freshness.md).
///
/// A cached answer stays right until a write changes a table it read, or the clock reaches a
/// moment at which it changes by itself. `tables` says how a write to each table of the schema
/// reaches the cache; `TimedChange` lists the moments. `FreshnessTests` fails when an answer
/// reads a table that is missing here, or whose change triggers are missing.
public enum PageDependencies {
    /// How writes to a table reach the page cache.
    public enum Tracking: Sendable, Hashable {
        /// Its triggers move `change_counter.content`: every cached answer is dropped.
        case content
        /// Its triggers move `change_counter.comments` and note the post in `post_comment_change`:
        /// only the answers that read that post's comments (`PageReads`) are dropped.
        case commentsOfPost
        /// Written only by the triggers, or in the transactions, of this content table, whose
        /// counter therefore moves with it.
        case followsTable(String)
        /// Never read for a public answer.
        case notShown
        /// The change counters themselves.
        case bookkeeping
    }

    /// Every table and virtual table of the schema (SQLite's FTS shadow tables aside).
    public static let tables: [String: Tracking] = [
        "post": .content,
        "tag": .content,
        "post_tag": .content,
        "post_slug_redirect": .content,
        "site_setting": .content,
        "media": .content,
        // Written only with its media, in the same transaction.
        "media_file": .followsTable("media"),
        "comment": .commentsOfPost,
        "post_search": .followsTable("post"),
        "post_search_vocabulary": .followsTable("post"),
        "post_keyword": .followsTable("post"),
        "post_term_vector": .followsTable("post"),
        "post_search_hold": .followsTable("post"),
        "post_search_pending": .followsTable("post"),
        // `post_keyword` again, arranged for reading: writing a head changes no answer.
        "term_head": .followsTable("post"),
        "term_head_stale": .followsTable("post"),
        "api_token": .notShown,
        "user_account": .notShown,
        "user_session": .notShown,
        "sign_in_link": .notShown,
        "sign_in_failure": .notShown,
        "post_revision": .notShown,
        "page_view": .notShown,
        "import_record": .notShown,
        // Read only for 301 answers, which are never cached.
        "old_address": .notShown,
        // Federation's tables: the followers' count and NodeInfo are answered uncached.
        "remote_actor": .notShown,
        "follower": .notShown,
        "blocked_domain": .notShown,
        "delivery": .notShown,
        "delivery_host": .notShown,
        // A post's Article goes by the id it was first sent under.
        "federated_post": .content,
        "federation_state": .notShown,
        "comment_activity": .notShown,
        // Likes and boosts, counted on the post's page.
        "post_reaction": .content,
        // Webmentions show as comments, which count; these rows themselves are never shown.
        "webmention": .notShown,
        "webmention_link": .notShown,
        "webmention_outbox": .notShown,
        "set_aside_index": .notShown,
        "grdb_migrations": .notShown,
        "change_counter": .bookkeeping,
        "post_comment_change": .bookkeeping,
    ]

    /// The moments at which answers change with no write.
    public enum TimedChange: CaseIterable, Sendable {
        /// A scheduled post's `published_at` comes: it joins lists, feeds, search and related posts.
        case scheduledPostPublishes
        /// A post's comments close, `close_comments_after_days` after it was published.
        case commentsClose
        /// The comment form's token window turns: post pages carry a new `form_token`.
        case formTokenWindowTurns
    }

    /// The first moment after `now` at which some answer changes with no write; `commentsOpenFor`
    /// is nil when comments never close by age.
    public static func nextTimedChange(after now: Date, commentsOpenFor: TimeInterval?, feed: any ChangeFeed) async throws -> Date {
        var next = Date.distantFuture
        for change in TimedChange.allCases {
            let moment: Date?
            switch change {
            case .scheduledPostPublishes:
                moment = try await feed.nextPublication(after: now)
            case .commentsClose:
                if let commentsOpenFor {
                    moment = try await feed.nextCommentsClosing(after: now, openFor: commentsOpenFor)
                } else {
                    moment = nil
                }
            case .formTokenWindowTurns:
                moment = FormTokens.nextWindowStart(after: now)
            }
            if let moment, moment < next { next = moment }
        }
        return next
    }
}
