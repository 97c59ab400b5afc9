import Foundation
import GRDB

/// The posts most like a given one: text similarity of their keywords (cosine of TF-IDF
/// vectors) combined with the tags they share, computed on read from indexed tables.
///
/// Cost: one join over the post's 40 keywords and one over its tags, each touching only the
/// posts that share a term or a tag with it, then one fetch of the winners.
public struct RelatedPosts: Sendable {
    /// How much shared tags count against text similarity (both range 0…1).
    public static let tagShare = 0.4

    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// A related post and how strongly it relates.
    public struct Match: Sendable, Equatable {
        public var entry: PostWithTags
        public var score: Double
    }

    /// Up to `limit` public posts related to the post, best first, ties newest first; never the
    /// post itself, only positive scores.
    public func related(to postID: Int64, limit: Int, now: Date) async throws -> [Match] {
        guard limit > 0 else { return [] }
        return try await database.reader.read { db in
            var candidates: [Int64: Candidate] = [:]
            let text = try Row.fetchCursor(db, sql: """
                SELECT other.post_id, SUM(mine.weight * other.weight), post.published_at
                FROM post_keyword AS mine
                JOIN post_keyword AS other ON other.term = mine.term AND other.post_id <> mine.post_id
                JOIN post ON post.id = other.post_id AND post.status <> 'draft' AND post.published_at <= ?
                WHERE mine.post_id = ?
                GROUP BY other.post_id
                """, arguments: [now, postID])
            while let row = try text.next() {
                candidates[row[0], default: Candidate(publishedAt: row[2])].text = row[1]
            }
            let ownTagCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post_tag WHERE post_id = ?", arguments: [postID]) ?? 0
            if ownTagCount > 0 {
                let tags = try Row.fetchCursor(db, sql: """
                    SELECT other.post_id, COUNT(*),
                           (SELECT COUNT(*) FROM post_tag AS theirs WHERE theirs.post_id = other.post_id),
                           post.published_at
                    FROM post_tag AS mine
                    JOIN post_tag AS other ON other.tag_id = mine.tag_id AND other.post_id <> mine.post_id
                    JOIN post ON post.id = other.post_id AND post.status <> 'draft' AND post.published_at <= ?
                    WHERE mine.post_id = ?
                    GROUP BY other.post_id
                    """, arguments: [now, postID])
                while let row = try tags.next() {
                    let shared: Int = row[1]
                    let theirs: Int = row[2]
                    candidates[row[0], default: Candidate(publishedAt: row[3])].tags = Double(shared) / sqrt(Double(ownTagCount * max(theirs, 1)))
                }
            }
            let best = candidates
                .map { (id: $0.key, score: $0.value.score, publishedAt: $0.value.publishedAt) }
                .filter { $0.score > 0 }
                .sorted { ($0.score, $0.publishedAt, $0.id) > ($1.score, $1.publishedAt, $1.id) }
                .prefix(limit)
            let entries = try Post.filter(keys: best.map(\.id)).withTags().fetchAll(db)
            let byID = Dictionary(uniqueKeysWithValues: entries.compactMap { entry in entry.post.id.map { ($0, entry) } })
            return best.compactMap { item in byID[item.id].map { Match(entry: $0, score: item.score) } }
        }
    }

    private struct Candidate {
        var publishedAt: Date
        var text = 0.0
        var tags = 0.0

        var score: Double { (1 - RelatedPosts.tagShare) * text + RelatedPosts.tagShare * tags }
    }
}
