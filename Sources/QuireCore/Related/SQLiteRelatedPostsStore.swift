import Foundation
import GRDB
import GRDBSQLite

/// Related lists ranked on SQLite, in one read: term heads as blobs (`TermHeads`), statements
/// prepared once, rows read through SQLite's C API where `Row` cost more than the work.
public struct SQLiteRelatedPostsStore: RelatedPostsStore {
    public let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// The posts of a ranking that are public at `now`, in its order.
    public func matches(_ ranked: [RelatedPosts.Ranked], now: Date) async throws -> [RelatedPosts.Match] {
        try await database.reader.read { db in
            let byID = try PostWithTags.fetchPublicSummariesByID(ranked.map(\.id), at: now, db)
            return ranked.compactMap { item in byID[item.id].map { RelatedPosts.Match(entry: $0, score: item.score) } }
        }
    }

    public func rank(_ postID: Int64, limit: Int, now: Date) async throws -> [RelatedPosts.Ranked] {
        try await database.reader.read { db in
            let indexedText = try textScores(for: postID, db)
            let tags = try tagScores(for: postID, db)
            let found = RelatedPosts.combined(text: indexedText, tags: tags)
            let candidates = try publicCandidates(found, count: max(limit, RelatedPosts.candidatesRanked), now: now, db)
            let text = try fullCosines(of: postID, with: candidates.map(\.id), indexed: indexedText, db)
            return RelatedPosts.ranked(candidates, text: text, tags: tags, limit: limit)
        }
    }

    /// The text similarity of each candidate as the cosine of the two posts' full vectors; a
    /// post whose vector is not computed yet (an import's, before the refresh) keeps its score
    /// from the indexed keywords.
    private func fullCosines(of postID: Int64, with candidates: [Int64], indexed: ScoreTable, _ db: Database) throws -> [Int64: Double] {
        var scores = [Int64: Double](minimumCapacity: candidates.count)
        for id in candidates { scores[id] = indexed[id] }
        let vectors = try db.cachedStatement(sql: "SELECT vector FROM post_term_vector WHERE post_id = ?")
        guard let own = try Data.fetchOne(vectors, arguments: [postID]) else { return scores }
        try own.withUnsafeBytes { own in
            for id in candidates {
                try vectors.forEachRawRow(arguments: [id]) { row in
                    let other = UnsafeRawBufferPointer(start: sqlite3_column_blob(row, 0), count: Int(sqlite3_column_bytes(row, 0)))
                    if let cosine = TermVector.cosine(own, other) ?? RelatedPosts.decodedCosine(own, other) { scores[id] = cosine }
                }
            }
        }
        return scores
    }

    /// For each post sharing a strong term: the sum over shared terms of the products of the two
    /// posts' weights, reading for each term only the head of its list (`TermHeads`).
    private func textScores(for postID: Int64, _ db: Database) throws -> ScoreTable {
        let own = try Row.fetchAll(db, sql: "SELECT term, weight FROM post_keyword WHERE post_id = ?", arguments: [postID])
        let anyStale = try TermHeads.anyStale(db)
        var scores = ScoreTable(capacity: own.count * TermHeads.postsPerTerm)
        for keyword in own {
            let weight: Double = keyword[1]
            try TermHeads.forEachPosting(of: keyword[0], anyStale: anyStale, db) { other, otherWeight in
                if other != postID { scores.add(weight * otherWeight, to: other) }
            }
        }
        return scores
    }

    /// For each post sharing a tag: the share of this post's tag weight it shares, each tag
    /// weighted by its inverse document frequency. Tags on more than a twentieth of the blog (or
    /// on more than 1,000 posts) say little and are skipped, which also bounds the work.
    private func tagScores(for postID: Int64, _ db: Database) throws -> ScoreTable {
        let corpusSize = max(try Int.fetchOne(db, sql: "SELECT keywords_corpus_size FROM post WHERE id = ?", arguments: [postID]) ?? 1, 1)
        let cap = max(50, min(corpusSize / 20, 1000))
        let tagIDs = try Int64.fetchAll(db, sql: "SELECT tag_id FROM post_tag WHERE post_id = ?", arguments: [postID])
        // Each tag's posts, this one among them, read once: up to one past the cap, to know
        // whether the tag passes it.
        let members = try db.cachedStatement(sql: "SELECT post_id FROM post_tag WHERE tag_id = ? LIMIT ?")
        var tags: [(weight: Double, posts: [Int64])] = []
        for tagID in tagIDs {
            var posts: [Int64] = []
            try members.forEachRawRow(arguments: [tagID, cap + 1]) { row in posts.append(sqlite3_column_int64(row, 0)) }
            guard posts.count <= cap else { continue }
            tags.append((log(Double(corpusSize + 1) / Double(posts.count + 1)) + 1, posts))
        }
        let total = tags.reduce(0) { $0 + $1.weight }
        var scores = ScoreTable(capacity: tags.reduce(0) { $0 + $1.posts.count })
        guard total > 0 else { return scores }
        for (weight, posts) in tags {
            for id in posts where id != postID { scores.add(weight / total, to: id) }
        }
        return scores
    }

    /// `RelatedPosts.publicCandidates`, each candidate looked up by one statement prepared once
    /// and answered by the narrow index alone (migration 0015).
    private func publicCandidates(_ scores: [(id: Int64, score: Double)], count: Int, now: Date, _ db: Database) throws -> [(id: Int64, publishedAt: String)] {
        let (visibleSQL, visibleAt) = try SQL("""
            SELECT published_at FROM post INDEXED BY post_visibility WHERE post.id = ? AND \(Post.isPublicSQL(at: now))
            """).build(db)
        let visible = try db.cachedStatement(sql: visibleSQL)
        return try RelatedPosts.publicCandidates(scores, count: count) { id in
            var date: String?
            try visible.forEachRawRow(arguments: [id] + visibleAt) { row in date = String(cString: sqlite3_column_text(row, 0)) }
            return date
        }
    }
}
