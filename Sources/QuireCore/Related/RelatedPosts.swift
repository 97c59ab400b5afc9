import Foundation

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

    /// Where the lists are ranked: one implementation per engine.
    public let store: any RelatedPostsStore
    /// Lists already ranked, kept until a write or the clock can change them; nil keeps none.
    let lists: PageCache<[Ranked]>?

    /// `lists` keeps ranked lists (ids and scores only: the posts themselves are read fresh
    /// every time), so a page asked for again costs one read of five posts, not a ranking.
    public init(store: any RelatedPostsStore, lists: PageCache<[Ranked]>? = nil) {
        self.store = store
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
        return try await store.matches(ranked, now: now)
    }

    /// The ids and scores of up to `limit` related posts, best first: what `related` reads the
    /// posts of, for a caller that reads them together with something else (`matches`).
    public func ranking(for postID: Int64, limit: Int, now: Date) async throws -> [Ranked] {
        guard limit > 0 else { return [] }
        guard let lists else { return try await store.rank(postID, limit: limit, now: now) }
        return try await lists.value(for: "\(postID) \(limit)", now: now) {
            let ranked = try await store.rank(postID, limit: limit, now: now)
            // Nothing a ranking reads is a comment, so only a content write drops it.
            return .init(value: ranked, size: 64 + 16 * ranked.count, reads: PageReads())
        }
    }

    /// A post's score from its text similarity and its shared tags (both 0…1).
    static func score(text: Double, tags: Double) -> Double {
        (1 - tagShare) * text + tagShare * tags
    }

    /// Every post found through a keyword or a tag with its score from both, when positive.
    static func combined(text: ScoreTable, tags: ScoreTable) -> [(id: Int64, score: Double)] {
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

    /// The cosine of two blobs whose terms are not in byte order (written by an older Quire).
    static func decodedCosine(_ own: UnsafeRawBufferPointer, _ other: UnsafeRawBufferPointer) -> Double? {
        TermVector(decoding: Data(own))?.cosine(withEncoded: Data(other))
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

    /// The `count` best public candidates by the given scores, with their dates; `publishedAt`
    /// answers a candidate's date as stored (UTC text, which sorts in time order) when it is
    /// public at the moment asked about, nil otherwise. Dates only break ties.
    static func publicCandidates(
        _ scores: [(id: Int64, score: Double)], count: Int, publishedAt: (Int64) throws -> String?
    ) rethrows -> [(id: Int64, publishedAt: String)] {
        let order = { (a: (id: Int64, score: Double), b: (id: Int64, score: Double)) in a.score != b.score ? a.score > b.score : a.id > b.id }
        // Thousands of posts share a term with a long post; only the best few hundred are
        // sorted, and the rest only if those run out (every one of them not public).
        let threshold = value(ranked: (count + 20) * 4, in: scores.lazy.map(\.score))
        var ranked = scores.filter { $0.score >= threshold }.sorted(by: order)
        var complete = ranked.count == scores.count
        var window = min(ranked.count, count + 20)
        // Widen the window over every candidate tied with its last one, so ties are decided by date.
        while window < ranked.count, ranked[window].score == ranked[window - 1].score { window += 1 }
        var start = 0
        var chosen: [(id: Int64, score: Double, publishedAt: String)] = []
        while start < ranked.count || !complete {
            if window > ranked.count || start >= ranked.count {
                ranked = scores.sorted(by: order)
                complete = true
                window = min(ranked.count, window)
                continue
            }
            for candidate in ranked[start..<window] {
                if let date = try publishedAt(candidate.id) { chosen.append((candidate.id, candidate.score, date)) }
            }
            if chosen.count >= count { break }
            start = window
            window = complete ? min(ranked.count, window + count + 20) : window + count + 20
        }
        return chosen.sorted { ($0.score, $0.publishedAt, $0.id) > ($1.score, $1.publishedAt, $1.id) }
            .prefix(count).map { ($0.id, $0.publishedAt) }
    }

    /// The final list: candidates scored by their full cosine and shared tags, best first, ties
    /// newest first, only positive scores.
    static func ranked(
        _ candidates: [(id: Int64, publishedAt: String)], text: [Int64: Double], tags: ScoreTable, limit: Int
    ) -> [Ranked] {
        let scored = candidates.compactMap { candidate -> (id: Int64, score: Double, publishedAt: String)? in
            let score = score(text: text[candidate.id] ?? 0, tags: tags[candidate.id] ?? 0)
            return score > 0 ? (candidate.id, score, candidate.publishedAt) : nil
        }
        return scored.sorted { ($0.score, $0.publishedAt, $0.id) > ($1.score, $1.publishedAt, $1.id) }
            .prefix(limit).map { Ranked(id: $0.id, score: $0.score) }
    }
}

/// Where related lists are ranked and their posts read, on one engine. The scoring rules are
/// `RelatedPosts`'s, shared; a store reads what they score.
public protocol RelatedPostsStore: Sendable {
    /// The ids and scores of up to `limit` posts related to the post, best first.
    func rank(_ postID: Int64, limit: Int, now: Date) async throws -> [RelatedPosts.Ranked]
    /// The posts of a ranking that are public at `now`, in its order.
    func matches(_ ranked: [RelatedPosts.Ranked], now: Date) async throws -> [RelatedPosts.Match]
}
