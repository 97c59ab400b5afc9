import Foundation
import NIOCore
import PostgresNIO

/// `PostKeywords` on PostgreSQL: a saved post's terms are counted in `term_document`
/// (migration 0003) and its weights computed from those counts, in the transaction that saves it.
enum PostgresPostKeywords {
    /// Keeps the post's terms counted and writes its keywords and vector (none for a draft).
    static func update(_ post: Post, tags: [Tag], _ connection: PostgresConnection) async throws {
        guard post.id != nil else { return }
        try await writeTerms(of: post, tagNames: tags.map(\.name), connection)
        try await writeWeights(of: post, connection)
    }

    /// Keeps the post's terms counted and leaves its weights to the next refresh
    /// (`refreshStale`), as an import does: weights computed while a blog is half imported
    /// would be made again anyway.
    static func deferWeights(of post: Post, tags: [Tag], _ connection: PostgresConnection) async throws {
        guard let id = post.id else { return }
        try await writeTerms(of: post, tagNames: tags.map(\.name), connection)
        try await connection.execute("UPDATE post SET keywords_corpus_size = 0 WHERE id = \(id)")
    }

    /// The post's terms, counted in `term_document` by migration 0003's trigger; none for a draft.
    private static func writeTerms(of post: Post, tagNames: [String], _ connection: PostgresConnection) async throws {
        guard let id = post.id else { return }
        if post.status == .draft {
            try await connection.execute("DELETE FROM post_terms WHERE post_id = \(id)")
        } else {
            try await connection.execute("""
                INSERT INTO post_terms (post_id, terms) VALUES (\(id), \(terms(of: post, tagNames: tagNames)))
                ON CONFLICT (post_id) DO UPDATE SET terms = excluded.terms
                """)
        }
    }

    /// The post's keywords and vector, weighed against the blog's document counts as they are.
    private static func writeWeights(of post: Post, _ connection: PostgresConnection) async throws {
        guard let id = post.id else { return }
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

extension PostgresPostKeywords {
    /// Computes again, in batches, the keywords of posts whose weights were made when the blog had
    /// less than half as many posts as now (`PostKeywords.refreshStale`'s rule). An advisory lock
    /// makes it one process's work: another that finds the lock taken returns 0 at once.
    static func refreshStale(in database: PostgresDatabase, batchSize: Int = 200, while continuing: @escaping @Sendable () -> Bool) async throws -> Int {
        try await database.withConnection(timeout: .seconds(24 * 3600)) { connection in
            guard try await connection.rows("SELECT pg_try_advisory_lock(\(refreshLock))").first?.decode(Bool.self) == true else { return 0 }
            // Batches may take longer than a request's limit on a large blog.
            try await connection.execute("SET statement_timeout = 0")
            do {
                var refreshed = 0
                var afterID: Int64 = 0
                while continuing() {
                    let batch = try await connection.withTransaction(logger: connection.logger) { connection -> [Int64] in
                        try await connection.lockChangeCounter()
                        let corpusSize = try await connection.rows("SELECT max(post_id) FROM post_search").first?.decode(Int64?.self).map(Int.init) ?? 0
                        let posts = try await connection.rows("""
                            SELECT \(unescaped: PostgresPostStore.bodies) FROM post
                            WHERE keywords_corpus_size < \((corpusSize + 1) / 2) AND id > \(afterID) ORDER BY id LIMIT \(batchSize)
                            FOR UPDATE SKIP LOCKED
                            """).map(Post.init)
                        for post in posts {
                            let tags = try await connection.rows("""
                                SELECT tag.id, tag.name, tag.slug FROM post_tag JOIN tag ON tag.id = post_tag.tag_id WHERE post_tag.post_id = \(post.id)
                                """).map(Tag.init)
                            try await update(post, tags: tags, connection)
                        }
                        return posts.compactMap(\.id)
                    }
                    guard let last = batch.last else { break }
                    refreshed += batch.count
                    afterID = last
                }
                try await connection.execute("RESET statement_timeout")
                try await connection.execute("SELECT pg_advisory_unlock(\(refreshLock))")
                return refreshed
            } catch {
                try? await connection.execute("RESET statement_timeout")
                try? await connection.execute("SELECT pg_advisory_unlock(\(refreshLock))")
                throw error
            }
        }
    }

    /// The advisory lock of the weights' refresh.
    private static let refreshLock: Int64 = 0x7175_6972_6503
}

extension PostgresPostKeywords {
    /// Makes every post's terms and weights again, inside the caller's transaction, as after
    /// `quire copy-database`: first each post's terms, so every weight is computed from the whole
    /// blog's document counts, then the weights.
    static func rebuildAll(on connection: PostgresConnection) async throws {
        try await connection.lockChangeCounter()
        // Counted in one statement at the end, not post by post (migration 0004 says why).
        try await connection.execute("SET LOCAL quire.count_terms_in_bulk = 'on'")
        try await forEachBatchOfPosts(connection) { post in
            guard post.status != .draft else { return }
            let tags = try await connection.rows("""
                SELECT tag.name FROM post_tag JOIN tag ON tag.id = post_tag.tag_id WHERE post_tag.post_id = \(post.id)
                """).map { try $0.decode(String.self) }
            try await writeTerms(of: post, tagNames: tags, connection)
        }
        try await connection.execute("SET LOCAL quire.count_terms_in_bulk = 'off'")
        try await connection.execute("DELETE FROM term_document")
        try await connection.execute("""
            INSERT INTO term_document (term, documents)
            SELECT term, count(*) FROM post_terms, unnest(terms) AS term GROUP BY term
            """)
        try await forEachBatchOfPosts(connection) { post in try await writeWeights(of: post, connection) }
    }

    /// Every post, read 200 at a time in id order.
    private static func forEachBatchOfPosts(_ connection: PostgresConnection, _ body: (Post) async throws -> Void) async throws {
        var afterID: Int64 = 0
        while true {
            let posts = try await connection.rows("""
                SELECT \(unescaped: PostgresPostStore.bodies) FROM post WHERE id > \(afterID) ORDER BY id LIMIT 200
                """).map(Post.init)
            guard let last = posts.last?.id else { return }
            for post in posts { try await body(post) }
            afterID = last
        }
    }

    /// What the SQLite index holds of a post: its title, body and tag names, as terms.
    static func terms(of post: Post, tagNames: [String]) -> [String] {
        Set(Terms.meaningful(in: post.title) + Terms.meaningful(in: post.bodyText) + Terms.meaningful(in: tagNames.joined(separator: " "))).sorted()
    }
}
