import Foundation
import GRDB

/// A post read together with its tags, as every page and API answer shows it.
public struct PostWithTags: Decodable, Sendable, Equatable, FetchableRecord {
    public var post: Post
    public var tags: [Tag]

    public init(post: Post, tags: [Tag]) {
        self.post = post
        self.tags = tags
    }
}

extension PostWithTags {
    /// The posts with these ids that readers may see at `now`, with their tags but not their
    /// bodies (`Post.summaryColumnsSQL`), keyed by id: for a ranked list whose order was decided
    /// elsewhere (perhaps before a write).
    static func fetchPublicSummariesByID(_ ids: [Int64], at now: Date, _ db: Database) throws -> [Int64: PostWithTags] {
        guard !ids.isEmpty else { return [:] }
        let posts = try Post.fetchAll(db, SQLRequest<Post>(literal: """
            SELECT \(sql: Post.summaryColumnsSQL) FROM post WHERE id IN \(ids) AND \(Post.isPublicSQL(at: now))
            """, cached: true))
        let entries = try attachingTags(to: posts, db)
        return Dictionary(uniqueKeysWithValues: entries.compactMap { entry in entry.post.id.map { ($0, entry) } })
    }

    /// The posts with their tags, tags in name order: one query for all their tags, written out
    /// (GRDB's `including(all:)` builds its queries anew for every request, which every page paid).
    static func attachingTags(to posts: [Post], _ db: Database) throws -> [PostWithTags] {
        let ids = posts.compactMap(\.id)
        guard !ids.isEmpty else { return posts.map { PostWithTags(post: $0, tags: []) } }
        let rows = try Row.fetchCursor(db, SQLRequest<Row>(literal: """
            SELECT post_tag.post_id, tag.id, tag.name, tag.slug FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
            WHERE post_tag.post_id IN \(ids) ORDER BY tag.name COLLATE NOCASE, tag.id
            """, cached: true))
        var tags: [Int64: [Tag]] = [:]
        while let row = try rows.next() {
            tags[row[0], default: []].append(Tag(id: row[1], name: row[2], slug: row[3]))
        }
        return posts.map { PostWithTags(post: $0, tags: $0.id.flatMap { tags[$0] } ?? []) }
    }
}
