import Foundation
import NIOCore
import PostgresNIO

/// `PostKeywords` on PostgreSQL: a saved post's terms are counted in `term_document`
/// (migration 0003) and its weights computed from those counts, in the transaction that saves it.
enum PostgresPostKeywords {
    /// Keeps the post's terms counted and writes its keywords and vector (none for a draft).
    static func update(_ post: Post, tags: [Tag], _ connection: PostgresConnection) async throws {
        guard let id = post.id else { return }
        if post.status == .draft {
            try await connection.execute("DELETE FROM post_terms WHERE post_id = \(id)")
        } else {
            // What the SQLite index holds of the post: its title, body and tag names.
            let terms = Set(Terms.meaningful(in: post.title) + Terms.meaningful(in: post.bodyText) + Terms.meaningful(in: tags.map(\.name).joined(separator: " ")))
            try await connection.execute("""
                INSERT INTO post_terms (post_id, terms) VALUES (\(id), \(terms.sorted()))
                ON CONFLICT (post_id) DO UPDATE SET terms = excluded.terms
                """)
        }
        let corpusSize = try await connection.rows("SELECT max(post_id) FROM post_search").first?.decode(Int64?.self).map(Int.init) ?? 0
        var weights: PostKeywords.Weights?
        if PostKeywords.hasWeights(status: post.status, publishedAt: post.publishedAt) {
            let own = Array(PostKeywords.termFrequencies(title: post.title, body: post.bodyText).keys)
            var documents: [String: Int] = [:]
            for row in try await connection.rows("SELECT term, documents FROM term_document WHERE term = ANY (\(own))") {
                let (term, count) = try row.decode((String, Int).self)
                documents[term] = count
            }
            weights = PostKeywords.weights(title: post.title, bodyText: post.bodyText, corpusSize: corpusSize) { documents[$0] ?? 0 }
        }
        try await store(weights, postID: id, corpusSize: corpusSize, connection)
    }

    /// Replaces what a post had with these weights and notes the blog's size.
    static func store(_ weights: PostKeywords.Weights?, postID: Int64, corpusSize: Int, _ connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM post_keyword WHERE post_id = \(postID)")
        try await connection.execute("DELETE FROM post_term_vector WHERE post_id = \(postID)")
        try await connection.execute("UPDATE post SET keywords_corpus_size = \(max(corpusSize, 1)) WHERE id = \(postID)")
        guard let weights else { return }
        let keywords = weights.keywords.sorted { $0.term < $1.term }
        if !keywords.isEmpty {
            try await connection.execute("""
                INSERT INTO post_keyword (post_id, term, weight)
                SELECT \(postID), * FROM unnest(\(keywords.map(\.term)), \(keywords.map(\.weight)))
                """)
        }
        if !weights.vector.isEmpty {
            try await connection.execute("INSERT INTO post_term_vector (post_id, vector) VALUES (\(postID), \(ByteBuffer(bytes: weights.vector)))")
        }
    }
}
