import Foundation
import NIOCore
import PostgresNIO

/// Related lists ranked on PostgreSQL by `RelatedPosts`'s rules, from the same keywords, tags
/// and vectors as on SQLite, so the lists are SQLite's. Each term's heaviest posts are read from
/// `post_keyword_on_term` in one statement for all the post's terms.
public struct PostgresRelatedPostsStore: RelatedPostsStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func rank(_ postID: Int64, limit: Int, now: Date) async throws -> [RelatedPosts.Ranked] {
        let indexedText = try await textScores(for: postID)
        let tags = try await tagScores(for: postID)
        let found = RelatedPosts.combined(text: indexedText, tags: tags)
        let dates = try await publicDates(of: found.map(\.id), now: now)
        let candidates = RelatedPosts.publicCandidates(found, count: max(limit, RelatedPosts.candidatesRanked)) { dates[$0] }
        let text = try await fullCosines(of: postID, with: candidates.map(\.id), indexed: indexedText)
        return RelatedPosts.ranked(candidates, text: text, tags: tags, limit: limit)
    }

    public func matches(_ ranked: [RelatedPosts.Ranked], now: Date) async throws -> [RelatedPosts.Match] {
        guard !ranked.isEmpty else { return [] }
        let posts = PostgresPostStore(database: database, defaultAuthor: "")
        let entries = try await posts.withTags(database.rows("""
            SELECT \(unescaped: PostgresPostStore.summaries) FROM post WHERE id = ANY (\(ranked.map(\.id))) AND \(publicAt: now)
            """).map(Post.init))
        let byID = Dictionary(uniqueKeysWithValues: entries.compactMap { entry in entry.post.id.map { ($0, entry) } })
        return ranked.compactMap { item in byID[item.id].map { RelatedPosts.Match(entry: $0, score: item.score) } }
    }

    /// For each post sharing a strong term: the sum over shared terms of the products of the two
    /// posts' weights, each term's heaviest `TermHeads.postsPerTerm` posts read; terms in byte
    /// order, as SQLite adds them.
    private func textScores(for postID: Int64) async throws -> ScoreTable {
        let rows = try await database.rows("""
            SELECT own.weight, head.post_id, head.weight
            FROM post_keyword AS own,
                 LATERAL (SELECT post_id, weight FROM post_keyword WHERE term = own.term
                          ORDER BY weight DESC, post_id LIMIT \(TermHeads.postsPerTerm)) AS head
            WHERE own.post_id = \(postID)
            ORDER BY own.term, head.weight DESC, head.post_id
            """)
        var scores = ScoreTable(capacity: rows.count)
        for row in rows {
            let (weight, other, otherWeight) = try row.decode((Double, Int64, Double).self)
            if other != postID { scores.add(weight * otherWeight, to: other) }
        }
        return scores
    }

    /// As `SQLiteRelatedPostsStore.tagScores`: each uncommon tag's posts, weighted by its IDF.
    private func tagScores(for postID: Int64) async throws -> ScoreTable {
        let corpusSize = max(try await database.rows("SELECT keywords_corpus_size FROM post WHERE id = \(postID)").first?.decode(Int.self) ?? 1, 1)
        let cap = max(50, min(corpusSize / 20, 1000))
        let rows = try await database.rows("""
            SELECT own.tag_id, member.post_id
            FROM post_tag AS own,
                 LATERAL (SELECT post_id FROM post_tag WHERE tag_id = own.tag_id ORDER BY post_id LIMIT \(cap + 1)) AS member
            WHERE own.post_id = \(postID)
            ORDER BY own.tag_id, member.post_id
            """)
        var members: [(tagID: Int64, posts: [Int64])] = []
        for row in rows {
            let (tagID, member) = try row.decode((Int64, Int64).self)
            if members.last?.tagID != tagID { members.append((tagID, [])) }
            members[members.count - 1].posts.append(member)
        }
        let tags = members.filter { $0.posts.count <= cap }.map { (weight: log(Double(corpusSize + 1) / Double($0.posts.count + 1)) + 1, posts: $0.posts) }
        let total = tags.reduce(0) { $0 + $1.weight }
        var scores = ScoreTable(capacity: tags.reduce(0) { $0 + $1.posts.count })
        guard total > 0 else { return scores }
        for (weight, posts) in tags {
            for id in posts where id != postID { scores.add(weight / total, to: id) }
        }
        return scores
    }

    /// The publication dates, as sortable text, of the posts among `ids` that are public at `now`.
    private func publicDates(of ids: [Int64], now: Date) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        var dates: [Int64: String] = [:]
        for row in try await database.rows("SELECT id, published_at FROM post WHERE id = ANY (\(ids)) AND \(publicAt: now)") {
            let (id, date) = try row.decode((Int64, Date).self)
            // Milliseconds, zero-padded: text that sorts as the dates do, as SQLite's stored text does.
            dates[id] = String(format: "%020lld", Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        }
        return dates
    }

    /// The candidates' cosines with the post's full vector; a candidate without a vector keeps
    /// its score from the indexed keywords.
    private func fullCosines(of postID: Int64, with candidates: [Int64], indexed: ScoreTable) async throws -> [Int64: Double] {
        var scores = [Int64: Double](minimumCapacity: candidates.count)
        for id in candidates { scores[id] = indexed[id] }
        var vectors: [Int64: Data] = [:]
        for row in try await database.rows("SELECT post_id, vector FROM post_term_vector WHERE post_id = ANY (\(candidates + [postID]))") {
            let (id, vector) = try row.decode((Int64, ByteBuffer).self)
            vectors[id] = Data(vector.readableBytesView)
        }
        guard let own = vectors[postID] else { return scores }
        own.withUnsafeBytes { own in
            for id in candidates {
                guard let other = vectors[id] else { continue }
                other.withUnsafeBytes { other in
                    if let cosine = TermVector.cosine(own, other) ?? RelatedPosts.decodedCosine(own, other) { scores[id] = cosine }
                }
            }
        }
        return scores
    }
}
