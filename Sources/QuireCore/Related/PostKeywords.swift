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

    /// Computes and stores the keywords of one post, replacing what it had; a draft has none.
    static func update(postID: Int64, title: String, bodyText: String, publishedAt: Date?, isDraft: Bool, documents: DocumentCounts, _ db: Database) throws {
        let corpusSize = try corpusSize(db)
        try removeWeights(of: postID, db)
        try db.execute(sql: "UPDATE post SET keywords_corpus_size = ? WHERE id = ?", arguments: [max(corpusSize, 1), postID])
        guard !isDraft, publishedAt != nil else { return }
        let frequencies = try Self.termFrequencies(title: title, body: bodyText)
        var weights: [(term: String, weight: Double)] = []
        let commonAbove = max(10, Int(Double(corpusSize) * maxDocumentShare))
        for (term, count) in frequencies {
            let documents = try documents.count(term)
            guard documents <= commonAbove else { continue }
            weights.append((term, weight(count: count, documents: documents, corpusSize: corpusSize)))
        }
        weights.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
        let kept = weights.prefix(termsKept)
        let norm = sqrt(kept.reduce(0) { $0 + $1.weight * $1.weight })

        let insert = try db.cachedStatement(sql: "INSERT INTO post_keyword (post_id, term, weight) VALUES (?, ?, ?)")
        for (term, weight) in kept where norm > 0 {
            try insert.execute(arguments: [postID, term, weight / norm])
        }
        let vector = TermVector(normalising: weights.prefix(vectorTerms))
        if !vector.weights.isEmpty {
            try db.cachedStatement(sql: "INSERT INTO post_term_vector (post_id, vector) VALUES (?, ?)").execute(arguments: [postID, vector.encoded])
        }
    }

    private static func removeWeights(of postID: Int64, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM post_keyword WHERE post_id = ?").execute(arguments: [postID])
        try db.cachedStatement(sql: "DELETE FROM post_term_vector WHERE post_id = ?").execute(arguments: [postID])
    }

    /// Computes and stores the keywords of a saved post.
    static func update(_ post: Post, documents: DocumentCounts, _ db: Database) throws {
        guard let id = post.id else { return }
        try update(postID: id, title: post.title, bodyText: post.bodyText, publishedAt: post.publishedAt, isDraft: post.status == .draft, documents: documents, db)
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
    static func termFrequencies(title: String, body: String) throws -> [String: Int] {
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
    /// half as many posts as now, or were deferred by an import, in batches so a running server is
    /// never blocked for long, until none is left or `continuing` says to stop. The search index's
    /// term counts are read once for all of them. Returns how many posts were updated.
    @discardableResult
    public static func refreshStale(in database: AppDatabase, batchSize: Int = 500, while continuing: @Sendable () -> Bool = { true }) async throws -> Int {
        guard try await database.reader.read({ db in try stale(db).isEmpty(db) }) == false else { return 0 }
        let counts = try await database.reader.read { db in try DocumentCounts.all(db) }
        var refreshed = 0
        while continuing() {
            let count = try await database.writer.write { db -> Int in
                let posts = try stale(db).limit(batchSize).fetchAll(db)
                let documents = DocumentCounts.snapshot(counts)
                for post in posts {
                    try update(post, documents: documents, db)
                }
                return posts.count
            }
            refreshed += count
            if count < batchSize { break }
        }
        return refreshed
    }

    /// Posts whose keywords were made when the blog had less than half as many posts as now.
    private static func stale(_ db: Database) throws -> QueryInterfaceRequest<Post> {
        // Written as a range on the column so the index on it answers at once.
        Post.filter(sql: "keywords_corpus_size < ?", arguments: [(try corpusSize(db) + 1) / 2])
    }
}
