import Foundation
import GRDB
import GRDBSQLite

/// The posts most like a given one: text similarity (cosine of TF-IDF vectors) combined with the
/// tags they share (weighted by how rare each tag is), computed on read from covering indexes.
///
/// Cost: for each of the post's 60 indexed keywords, the head (200 posts at most) of that
/// term's list, one blob (`TermHeads`); for each uncommon tag, its posts; then the full vectors
/// of the best 60 candidates, and one fetch of the winners. The work is bounded by the post,
/// not by the size of the blog.
public struct RelatedPosts: Sendable {
    /// How much shared tags count against text similarity (both range 0…1).
    public static let tagShare = 0.2
    /// How many of the best candidates found through the index are ranked by full vectors.
    static let candidatesRanked = 60

    public let database: AppDatabase
    /// Lists already ranked, kept until a write or the clock can change them; nil keeps none.
    let lists: PageCache<[Ranked]>?

    /// `lists` keeps ranked lists (ids and scores only: the posts themselves are read fresh
    /// every time), so a page asked for again costs one read of five posts, not a ranking.
    public init(database: AppDatabase, lists: PageCache<[Ranked]>? = nil) {
        self.database = database
        self.lists = lists
    }

    /// A related post's id and score.
    public struct Ranked: Sendable, Equatable {
        public var id: Int64
        public var score: Double
    }

    /// A related post and how strongly it relates.
    public struct Match: Sendable, Equatable {
        public var entry: PostWithTags
        public var score: Double
    }

    /// Up to `limit` public posts related to the post, best first, ties newest first; never the
    /// post itself, only positive scores.
    ///
    /// Candidates are found through the indexed keywords and the shared tags; the best
    /// `candidatesRanked` of them are then scored again with the cosine of the full term vectors.
    public func related(to postID: Int64, limit: Int, now: Date) async throws -> [Match] {
        try await matches(ranking(for: postID, limit: limit, now: now), now: now)
    }

    /// The posts of a ranking that are public at `now`, in its order.
    public func matches(_ ranked: [Ranked], now: Date) async throws -> [Match] {
        guard !ranked.isEmpty else { return [] }
        return try await database.reader.read { db in try Self.matches(ranked, now: now, db) }
    }

    /// The posts of a ranking that are public at `now`, in its order.
    public static func matches(_ ranked: [Ranked], now: Date, _ db: Database) throws -> [Match] {
        let byID = try PostWithTags.fetchPublicSummariesByID(ranked.map(\.id), at: now, db)
        return ranked.compactMap { item in byID[item.id].map { Match(entry: $0, score: item.score) } }
    }

    /// The ids and scores of up to `limit` related posts, best first: what `related` reads the
    /// posts of, for a caller that reads them together with something else (`matches`).
    public func ranking(for postID: Int64, limit: Int, now: Date) async throws -> [Ranked] {
        guard limit > 0 else { return [] }
        guard let lists else { return try await rank(postID, limit: limit, now: now) }
        return try await lists.value(for: "\(postID) \(limit)", now: now) {
            let ranked = try await rank(postID, limit: limit, now: now)
            // Nothing a ranking reads is a comment, so only a content write drops it.
            return .init(value: ranked, size: 64 + 16 * ranked.count, reads: PageReads())
        }
    }

    private func rank(_ postID: Int64, limit: Int, now: Date) async throws -> [Ranked] {
        try await database.reader.read { db in
            let indexedText = try textScores(for: postID, db)
            let tags = try tagScores(for: postID, db)
            let found = Self.combined(text: indexedText, tags: tags)
            let candidates = try publicCandidates(found, count: max(limit, Self.candidatesRanked), now: now, db)
            let text = try fullCosines(of: postID, with: candidates.map(\.id), indexed: indexedText, db)
            let scored = candidates.compactMap { candidate -> (id: Int64, score: Double, publishedAt: String)? in
                let score = Self.score(text: text[candidate.id] ?? 0, tags: tags[candidate.id] ?? 0)
                return score > 0 ? (candidate.id, score, candidate.publishedAt) : nil
            }
            return scored.sorted { ($0.score, $0.publishedAt, $0.id) > ($1.score, $1.publishedAt, $1.id) }
                .prefix(limit).map { Ranked(id: $0.id, score: $0.score) }
        }
    }

    /// A post's score from its text similarity and its shared tags (both 0…1).
    private static func score(text: Double, tags: Double) -> Double {
        (1 - tagShare) * text + tagShare * tags
    }

    /// Every post found through a keyword or a tag with its score from both, when positive.
    private static func combined(text: ScoreTable, tags: ScoreTable) -> [(id: Int64, score: Double)] {
        var scores: [(id: Int64, score: Double)] = []
        scores.reserveCapacity(text.count + tags.count)
        text.forEach { id, value in
            let combined = score(text: value, tags: tags[id] ?? 0)
            if combined > 0 { scores.append((id, combined)) }
        }
        tags.forEach { id, value in
            if value > 0 && text[id] == nil { scores.append((id, score(text: 0, tags: value))) }
        }
        return scores
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
                    if let cosine = TermVector.cosine(own, other) ?? Self.decodedCosine(own, other) { scores[id] = cosine }
                }
            }
        }
        return scores
    }

    /// The cosine of two blobs whose terms are not in byte order (written by an older Quire).
    private static func decodedCosine(_ own: UnsafeRawBufferPointer, _ other: UnsafeRawBufferPointer) -> Double? {
        TermVector(decoding: Data(own))?.cosine(withEncoded: Data(other))
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

    /// The `rank`-th largest of the values (the smallest when there are fewer): a selection
    /// in linear time on average, without sorting them.
    static func value(ranked rank: Int, in values: some Collection<Double>) -> Double {
        var values = Array(values)
        guard !values.isEmpty else { return 0 }
        guard rank < values.count else { return values.min() ?? 0 }
        var (low, high) = (0, values.count - 1)
        let target = rank - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var (i, j) = (low, high)
            while i <= j {
                while values[i] > pivot { i += 1 }
                while values[j] < pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if target <= j { high = j } else if target >= i { low = i } else { break }
        }
        return values[target]
    }

    /// The `count` best public candidates by the given scores, with their dates.
    /// Dates come as stored (UTC text, which sorts in time order): they only break ties.
    private func publicCandidates(_ scores: [(id: Int64, score: Double)], count: Int, now: Date, _ db: Database) throws -> [(id: Int64, publishedAt: String)] {
        let order = { (a: (id: Int64, score: Double), b: (id: Int64, score: Double)) in a.score != b.score ? a.score > b.score : a.id > b.id }
        // Thousands of posts share a term with a long post; only the best few hundred are
        // sorted, and the rest only if those run out (every one of them not public).
        let threshold = Self.value(ranked: (count + 20) * 4, in: scores.lazy.map(\.score))
        var ranked = scores.filter { $0.score >= threshold }.sorted(by: order)
        var complete = ranked.count == scores.count
        var window = min(ranked.count, count + 20)
        // Widen the window over every candidate tied with its last one, so ties are decided by date.
        while window < ranked.count, ranked[window].score == ranked[window - 1].score { window += 1 }
        var start = 0
        var chosen: [(id: Int64, score: Double, publishedAt: String)] = []
        // Whether a post is public, and its date: one statement for every candidate, prepared
        // once, answered by the narrow index alone (migration 0015).
        let (visibleSQL, visibleAt) = try SQL("""
            SELECT published_at FROM post INDEXED BY post_visibility WHERE post.id = ? AND \(Post.isPublicSQL(at: now))
            """).build(db)
        let visible = try db.cachedStatement(sql: visibleSQL)
        while start < ranked.count || !complete {
            if window > ranked.count || start >= ranked.count {
                ranked = scores.sorted(by: order)
                complete = true
                window = min(ranked.count, window)
                continue
            }
            for candidate in ranked[start..<window] {
                try visible.forEachRawRow(arguments: [candidate.id] + visibleAt) { row in
                    chosen.append((candidate.id, candidate.score, String(cString: sqlite3_column_text(row, 0))))
                }
            }
            if chosen.count >= count { break }
            start = window
            window = complete ? min(ranked.count, window + count + 20) : window + count + 20
        }
        return chosen.sorted { ($0.score, $0.publishedAt, $0.id) > ($1.score, $1.publishedAt, $1.id) }
            .prefix(count).map { ($0.id, $0.publishedAt) }
    }
}
