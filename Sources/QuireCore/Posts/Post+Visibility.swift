import Foundation
import GRDB
import PostgresNIO

/// Who may see a post, and when: the one definition every reader-facing query embeds.
///
/// Anonymous readers see a post at `now` when it is not a draft and its `published_at` has come,
/// so a scheduled post becomes public when its time comes, without any write (docs/data-model.md).
extension Post {
    /// SQL that is true for posts (or with `kind`, pages; nil, both) readers may see at `now`;
    /// the table is named or aliased `post`. Lists, feeds, search and related posts show posts only.
    public static func isPublicSQL(at now: Date, kind: PostKind? = .post) -> SQL {
        "\(kind.conditionSQL) post.status <> 'draft' AND post.published_at <= \(now)"
    }

    /// SQL that is true for posts that become public after `now` with no write: scheduled ones.
    public static func becomesPublicSQL(after now: Date, kind: PostKind? = .post) -> SQL {
        "\(kind.conditionSQL) post.status <> 'draft' AND post.published_at > \(now)"
    }

    /// The status readers see at `now`: a scheduled post whose time has come is published. The
    /// same rule as `isPublicSQL`, for a post already in memory.
    public func status(at now: Date) -> PostStatus {
        if status == .scheduled, let publishedAt, publishedAt <= now { return .published }
        return status
    }
}

extension PostKind {
    /// The kind as an SQL string literal: written into the query, so the planner sees it.
    var literalSQL: String { "'\(rawValue)'" }
}

extension Optional<PostKind> {
    /// The condition on a row's kind that starts a visibility clause: none for either kind.
    fileprivate var conditionSQL: SQL {
        map { "post.kind = \(sql: $0.literalSQL) AND" } ?? ""
    }
}

extension Post {
    /// Where readers find it: `/posts/{slug}` for a post, `/{slug}` for a page.
    public var publicPath: String {
        kind == .page ? "/\(slug)" : "/posts/\(slug)"
    }
}

extension PostgresQuery.StringInterpolation {
    /// `Post.isPublicSQL` on PostgreSQL: `"… WHERE \(publicAt: now)"`.
    mutating func appendInterpolation(publicAt now: Date, kind: PostKind? = .post) {
        appendKindCondition(kind)
        appendLiteral("post.status <> 'draft' AND post.published_at <= ")
        appendInterpolation(now)
    }

    /// `Post.becomesPublicSQL` on PostgreSQL.
    mutating func appendInterpolation(publicAfter now: Date, kind: PostKind? = .post) {
        appendKindCondition(kind)
        appendLiteral("post.status <> 'draft' AND post.published_at > ")
        appendInterpolation(now)
    }

    private mutating func appendKindCondition(_ kind: PostKind?) {
        if let kind { appendLiteral("post.kind = \(kind.literalSQL) AND ") }
    }
}
