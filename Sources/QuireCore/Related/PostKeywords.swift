import Foundation
import GRDB

/// A post's most distinctive terms, weighted by TF-IDF and normalised to unit length, so the
/// text similarity of two posts is the sum of the products of their shared terms' weights.
///
/// Computed in the transaction that writes the post, with document frequencies from the search
/// index, and stored twice: the heaviest `termsKept` in `post_keyword`, whose index finds the
/// candidates of a related list, and the heaviest `vectorTerms` as one blob in
/// `post_term_vector`, whose cosine ranks them.
public enum PostKeywords {
    /// How many terms a post keeps in the index: enough to find the posts that share its
    /// subject, few enough that a related list joins a few thousand rows at most.
    public static let termsKept = 60
    /// How many terms a post's full vector keeps: a long post's subject is spread over hundreds
    /// of terms, and its cosine with 200 is as good as with all (measured in Benchmarks/related).
    public static let vectorTerms = 200
    /// Title words count as this many body words.
    static let titleWeight = 3
    /// Terms in more than this share of posts are too common to tell posts apart; leaving them
    /// out keeps every term's list of posts short.
    static let maxDocumentShare = 0.2

    /// A post's weights, computed from its text alone (so many posts can be computed at once
    /// on every core) and stored by `store`.
    struct Weights: Sendable {
        /// The heaviest `termsKept` terms, unit length, for `post_keyword`.
        var keywords: [(term: String, weight: Double)]
        /// The heaviest `vectorTerms`, unit length, encoded for `post_term_vector`.
        var vector: Data
    }

    /// The weights of a text in a blog of `corpusSize` posts, where `documents` tells how many
    /// posts hold a term.
    static func weights(title: String, bodyText: String, corpusSize: Int, documents: (String) throws -> Int) rethrows -> Weights {
        var weights: [(term: String, weight: Double)] = []
        let commonAbove = max(10, Int(Double(corpusSize) * maxDocumentShare))
        for (term, count) in termFrequencies(title: title, body: bodyText) {
            let documents = try documents(term)
            guard documents <= commonAbove else { continue }
            weights.append((term, weight(count: count, documents: documents, corpusSize: corpusSize)))
        }
        weights.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
        let kept = weights.prefix(termsKept)
        let norm = sqrt(kept.reduce(0) { $0 + $1.weight * $1.weight })
        return Weights(
            keywords: norm > 0 ? kept.map { ($0.term, $0.weight / norm) } : [],
            vector: TermVector(normalising: weights.prefix(vectorTerms)).encoded
        )
    }

    /// Replaces what a post had with these weights (none for a draft) and notes the blog's size.
    static func store(_ weights: Weights?, postID: Int64, corpusSize: Int, _ db: Database) throws {
        try store([(postID, weights)], corpusSize: corpusSize, db)
    }

    /// `store` for many posts. Their keywords go in in term order, so each page of the term
    /// index is written once for the batch rather than once for every post: what keeps a large
    /// import's refresh from slowing down as the index outgrows SQLite's page cache.
    static func store(_ posts: [(postID: Int64, weights: Weights?)], corpusSize: Int, _ db: Database) throws {
        var keywords: [(term: String, postID: Int64, weight: Double)] = []
        let noteSize = try db.cachedStatement(sql: "UPDATE post SET keywords_corpus_size = ? WHERE id = ?")
        let insertVector = try db.cachedStatement(sql: "INSERT INTO post_term_vector (post_id, vector) VALUES (?, ?)")
        for (postID, weights) in posts {
            try removeWeights(of: postID, db)
            try noteSize.execute(arguments: [max(corpusSize, 1), postID])
            guard let weights else { continue }
            keywords += weights.keywords.map { ($0.term, postID, $0.weight) }
            if !weights.vector.isEmpty { try insertVector.execute(arguments: [postID, weights.vector]) }
        }
        keywords.sort { ($0.term, $0.postID) < ($1.term, $1.postID) }
        let insertKeyword = try db.cachedStatement(sql: "INSERT INTO post_keyword (post_id, term, weight) VALUES (?, ?, ?)")
        for keyword in keywords {
            try insertKeyword.execute(arguments: [keyword.postID, keyword.term, keyword.weight])
        }
    }

    private static func removeWeights(of postID: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM post_keyword WHERE post_id = ?").execute(arguments: [postID])
        try db.cachedStatement(sql: "DELETE FROM post_term_vector WHERE post_id = ?").execute(arguments: [postID])
    }

    /// Computes and stores the keywords of a saved post, reading document counts from the index.
    static func update(_ post: Post, _ db: Database) throws {
        guard let id = post.id else { return }
        let corpusSize = try corpusSize(db)
        let documents = try DocumentCounts.lookingUp(db)
        let weights = try hasWeights(status: post.status, publishedAt: post.publishedAt)
            ? Self.weights(title: post.title, bodyText: post.bodyText, corpusSize: corpusSize, documents: documents.count)
            : nil
        try store(weights, postID: id, corpusSize: corpusSize, db)
        try TermHeads.writeStale(limit: TermHeads.writtenWithAPost, db)
    }

    /// Drafts have no keywords: they are never related.
    static func hasWeights(status: PostStatus, publishedAt: Date?) -> Bool {
        status != .draft && publishedAt != nil
    }

    /// Leaves a saved post without keywords, marked stale, for `refreshStale` to compute with many
    /// others at once: how imports write thousands of posts without paying for each.
    static func deferUpdate(of post: Post, _ db: Database) throws {
        guard let id = post.id else { return }
        try removeWeights(of: id, db)
        try db.execute(sql: "UPDATE post SET keywords_corpus_size = 0 WHERE id = ?", arguments: [id])
    }

    /// How many posts the search index holds, near enough for IDF: the highest id in it, which
    /// an index lookup answers at once where COUNT(*) would read every row.
    static func corpusSize(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT MAX(rowid) FROM post_search") ?? 0
    }

    /// How often each meaningful term occurs, title terms counted `titleWeight` times.
    static func termFrequencies(title: String, body: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for term in Terms.meaningful(in: title) { counts[term, default: 0] += titleWeight }
        for term in Terms.meaningful(in: body) { counts[term, default: 0] += 1 }
        return counts
    }

    /// Sublinear term frequency times smoothed inverse document frequency.
    static func weight(count: Int, documents: Int, corpusSize: Int) -> Double {
        let idf = log(Double(corpusSize + 1) / Double(documents + 1)) + 1
        return (1 + log(Double(count))) * idf
    }

    /// Computes again the keywords of posts whose weights were made when the blog had less than
    /// half as many posts as now, or were deferred by an import, until none is left or
    /// `continuing` says to stop. Returns how many posts were updated.
    ///
    /// The search index's term counts are read once for all of them. Posts go in batches: one is
    /// read, its weights computed on every core (while the previous batch is written) and written
    /// in a short transaction, so a running server is never blocked for long. A post edited
    /// between the read and the write is left to the weights its own write computed.
    ///
    /// When at least `bulkFrom` posts, and most of the blog, are stale (a large import), the
    /// term index is set aside and built once at the end: every batch would otherwise rewrite
    /// most of its pages, and time would grow with the square of the posts. Related lists are
    /// slow to compute meanwhile, never wrong. Last, the heads of every term whose posts
    /// changed are written again (`TermHeads`), even when no post was stale.
    @discardableResult
    public static func refreshStale(
        in database: AppDatabase, batchSize: Int = 500, bulkFrom: Int = 10_000, while continuing: @Sendable () -> Bool = { true },
        onBatch: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> Int {
        try await restoreSetAsideIndexes(in: database)
        let (total, all) = try await database.reader.read { db in (try stale(db).fetchCount(db), try Post.fetchCount(db)) }
        var refreshed = 0
        if total > 0 {
            let bulk = total >= bulkFrom && total * 2 >= all
            if bulk { try await setAside(termIndex, in: database) }
            do {
                refreshed = try await refresh(total: total, in: database, batchSize: batchSize, while: continuing, onBatch: onBatch)
            } catch {
                try? await restoreSetAsideIndexes(in: database)
                throw error
            }
            try await restoreSetAsideIndexes(in: database)
        }
        try await TermHeads.writeAllStale(in: database, while: continuing)
        return refreshed
    }
    /// The index of each term's heaviest posts, which related lists read.
    static let termIndex = "post_keyword_on_term"

    private static func refresh(
        total: Int, in database: AppDatabase, batchSize: Int, while continuing: @Sendable () -> Bool,
        onBatch: (_ done: Int, _ total: Int) -> Void
    ) async throws -> Int {
        let (counts, size) = try await database.reader.read { db in (try DocumentCounts.all(db), try corpusSize(db)) }
        @Sendable func computedBatch(after id: Int64) async throws -> [(StalePost, Weights?)] {
            await weights(of: try await staleBatch(in: database, afterID: id, limit: batchSize), counts: counts, corpusSize: size)
        }
        var refreshed = 0
        var ready = try await computedBatch(after: 0)
        while let last = ready.last?.0.id, continuing() {
            async let following = computedBatch(after: last)
            refreshed += try await database.writer.write { [ready] db -> Int in
                let unchanged = try StalePost.unchanged(ready.map(\.0), db)
                try store(ready.filter { unchanged.contains($0.0.id) }.map { ($0.0.id, $0.1) }, corpusSize: size, db)
                return ready.count
            }
            onBatch(refreshed, total)
            ready = try await following
        }
        return refreshed
    }

    /// Drops an index, keeping its definition in `set_aside_index` (migration 0012).
    private static func setAside(_ index: String, in database: AppDatabase) async throws {
        try await database.writer.write { db in
            guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [index]) else { return }
            try db.execute(sql: "INSERT OR REPLACE INTO set_aside_index (name, sql) VALUES (?, ?)", arguments: [index, sql])
            try db.execute(sql: "DROP INDEX \(index)")
        }
    }

    /// Builds again every index set aside, by this refresh or by one stopped half-way.
    static func restoreSetAsideIndexes(in database: AppDatabase) async throws {
        try await database.writer.write { db in
            for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM set_aside_index") {
                let name: String = row["name"]
                if try !db.indexes(on: "post_keyword").contains(where: { $0.name == name }) {
                    try db.execute(sql: row["sql"])
                }
                try db.execute(sql: "DELETE FROM set_aside_index WHERE name = ?", arguments: [name])
            }
        }
    }

    /// What `refreshStale` reads of a post.
    private struct StalePost: Sendable, FetchableRecord, Decodable {
        var id: Int64
        var title: String
        var bodyText: String
        var status: PostStatus
        var publishedAt: Date?
        var updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case id, title, status
            case bodyText = "body_text"
            case publishedAt = "published_at"
            case updatedAt = "updated_at"
        }

        /// The ids of these posts that no write has changed since they were read.
        static func unchanged(_ posts: [StalePost], _ db: Database) throws -> Set<Int64> {
            let stored = try Row.fetchAll(db, SQLRequest<Row>(literal: "SELECT id, updated_at FROM post WHERE id IN \(posts.map(\.id))"))
            let dates = Dictionary(uniqueKeysWithValues: stored.map { row -> (Int64, Date) in (row["id"], row["updated_at"]) })
            return Set(posts.filter { dates[$0.id] == $0.updatedAt }.map(\.id))
        }
    }

    /// The weights of many posts, on every core.
    private static func weights(of posts: [StalePost], counts: [String: Int], corpusSize: Int) async -> [(StalePost, Weights?)] {
        await posts.concurrentMap { post in
            guard hasWeights(status: post.status, publishedAt: post.publishedAt) else { return (post, nil) }
            return (post, weights(title: post.title, bodyText: post.bodyText, corpusSize: corpusSize) { counts[$0] ?? 0 })
        }
    }

    /// The next stale posts in id order.
    private static func staleBatch(in database: AppDatabase, afterID: Int64, limit: Int) async throws -> [StalePost] {
        try await database.reader.read { db in
            try StalePost.fetchAll(db, sql: """
                SELECT id, title, body_text, status, published_at, updated_at FROM post
                WHERE +keywords_corpus_size < ? AND id > ? ORDER BY id LIMIT ?
                """, arguments: [(try corpusSize(db) + 1) / 2, afterID, limit])
        }
    }

    /// Posts whose keywords were made when the blog had less than half as many posts as now.
    private static func stale(_ db: Database) throws -> QueryInterfaceRequest<Post> {
        // Written as a range on the column so the index on it answers at once.
        Post.filter(sql: "keywords_corpus_size < ?", arguments: [(try corpusSize(db) + 1) / 2])
    }
}
