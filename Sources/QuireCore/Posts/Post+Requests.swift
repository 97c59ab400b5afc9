import Foundation
import GRDB

extension DerivableRequest<Post> {
    /// Posts anonymous readers may see at `now`: not drafts, and dated no later than `now`.
    public func publiclyVisible(at now: Date) -> Self {
        filter(literal: Post.isPublicSQL(at: now))
    }

    /// Newest first, the id breaking ties so every order is total.
    public func newestFirst() -> Self {
        order(sql: "post.published_at DESC, post.id DESC")
    }

    /// Posts that carry the tag with this slug.
    public func tagged(slug: String) -> Self {
        filter(sql: "post.id IN (SELECT post_tag.post_id FROM post_tag JOIN tag ON tag.id = post_tag.tag_id WHERE tag.slug = ?)", arguments: [slug])
    }

    /// Posts whose title, body or tags match a search.
    public func matching(_ query: SearchQuery) -> Self {
        filter(sql: "post.id IN (SELECT rowid FROM post_search WHERE post_search MATCH ?)", arguments: [query.matchExpression])
    }

    /// The posts without their bodies (left empty: `Post.summaryColumnsSQL`), for lists.
    public func summaries() -> Self {
        select(literal: SQL(sql: Post.summaryColumnsSQL))
    }

    /// Posts strictly older than the cursor in newest-first order.
    public func after(_ cursor: KeysetCursor) -> Self {
        filter(literal: cursor.precedingRowsSQL(date: "post.published_at", id: "post.id"))
    }
}

extension QueryInterfaceRequest<Post> {
    /// The posts with their tags, tags in name order.
    public func fetchAllWithTags(_ db: Database) throws -> [PostWithTags] {
        try PostWithTags.attachingTags(to: fetchAll(db), db)
    }
}
