import Foundation
import GRDB
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite struct RelatedPostsTests {
    let database: AppDatabase
    let posts: SQLitePostStore
    let related: RelatedPosts
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        database = try AppDatabase.inMemory()
        posts = SQLitePostStore(database: database, defaultAuthor: "Ann")
        related = RelatedPosts(store: SQLiteRelatedPostsStore(database: database))
    }

    @discardableResult
    func add(_ title: String, _ body: String, tags: [String] = [], status: PostStatus = .published, daysAgo: Double = 1) async throws -> Int64 {
        let draft = PostDraft(title: title, bodyMarkdown: body, tags: tags, status: status, publishedAt: now.addingTimeInterval(-daysAgo * 86_400))
        return try await posts.create(draft, now: now).post.id ?? 0
    }

    func slugs(_ id: Int64, limit: Int = 5, from related: RelatedPosts? = nil) async throws -> [String] {
        try await (related ?? self.related).related(to: id, limit: limit, now: now).map(\.entry.post.slug)
    }

    /// Related posts that keep their ranked lists, as the server's do.
    func keepingLists() throws -> RelatedPosts {
        RelatedPosts(store: SQLiteRelatedPostsStore(database: database), lists: PageCache(feed: try SQLiteChangeFeed(database: database), budget: 16 * 1024 * 1024))
    }

    /// A small blog about two subjects, gardening and databases, and one unrelated post.
    func seedCorpus() async throws -> (tomato: Int64, sqlite: Int64) {
        let tomato = try await add("Growing tomatoes on a balcony", "Tomatoes need sun, deep pots, compost and steady watering. Pinch the side shoots.", tags: ["Gardening"])
        try await add("Compost for balcony pots", "Good compost feeds tomatoes, peppers and herbs in pots. Water the compost evenly.", tags: ["Gardening"], daysAgo: 2)
        try await add("Watering herbs in summer", "Basil and parsley in pots need watering every morning in summer sun.", tags: ["Gardening"], daysAgo: 3)
        let sqlite = try await add("Indexes in SQLite", "An index lets SQLite find rows without scanning the whole table. Query plans show index use.", tags: ["Databases"], daysAgo: 4)
        try await add("Write-ahead logging in SQLite", "WAL mode lets readers and a writer work at once; checkpoints move pages to the table file.", tags: ["Databases"], daysAgo: 5)
        try await add("A trip to the mountains", "We walked for three days above the clouds and slept in huts.", tags: ["Travel"], daysAgo: 6)
        return (tomato, sqlite)
    }

    @Test func sharedTagsAndVocabularyBeatUnrelatedPosts() async throws {
        let (tomato, sqlite) = try await seedCorpus()
        let forTomato = try await slugs(tomato)
        #expect(Array(forTomato.prefix(2)).sorted() == ["compost-for-balcony-pots", "watering-herbs-in-summer"])
        #expect(!forTomato.contains("a-trip-to-the-mountains"))
        #expect(!forTomato.contains("growing-tomatoes-on-a-balcony"))
        let forSQLite = try await slugs(sqlite)
        #expect(forSQLite.first == "write-ahead-logging-in-sqlite")
        #expect(!forSQLite.contains("a-trip-to-the-mountains"))
    }

    @Test func onlyPositiveScoresBestFirstAndTheLimitHolds() async throws {
        let (tomato, _) = try await seedCorpus()
        let matches = try await related.related(to: tomato, limit: 5, now: now)
        #expect(matches.allSatisfy { $0.score > 0 })
        #expect(matches.map(\.score) == matches.map(\.score).sorted(by: >))
        #expect(try await slugs(tomato, limit: 1).count == 1)
        #expect(try await slugs(tomato, limit: 0).isEmpty)
    }

    @Test(arguments: [false, true])
    func draftsAndScheduledPostsNeverAppearUntilPublished(keepingLists: Bool) async throws {
        let related = keepingLists ? try self.keepingLists() : self.related
        let (tomato, _) = try await seedCorpus()
        _ = try await related.related(to: tomato, limit: 5, now: now)
        try await add("Tomato draft", "Tomatoes tomatoes compost balcony pots watering", tags: ["Gardening"], status: .draft)
        let scheduled = try await posts.create(PostDraft(
            title: "Tomato harvest soon", bodyMarkdown: "Tomatoes compost balcony pots", tags: ["Gardening"],
            publishedAt: now.addingTimeInterval(3600)), now: now)
        let list = try await slugs(tomato, from: related)
        #expect(!list.contains("tomato-draft"))
        #expect(!list.contains("tomato-harvest-soon"))
        let later = try await related.related(to: tomato, limit: 5, now: now.addingTimeInterval(7200)).map(\.entry.post.slug)
        #expect(later.contains(scheduled.post.slug))
    }

    @Test func publicPostsRankedBelowHundredsOfScheduledOnesStillFillTheList() async throws {
        let words = (0..<40).map { "zq\($0)x" }
        let base = try await add("Base", words.joined(separator: " "))
        // Each scheduled post shares two of the base's words: every one of them outranks the
        // public posts below, which are past the few hundred candidates sorted first.
        for number in 0..<400 {
            _ = try await posts.create(PostDraft(
                title: "Scheduled \(number)", bodyMarkdown: "\(words[number % 40]) \(words[(number + 1) % 40])",
                publishedAt: now.addingTimeInterval(86_400)), now: now)
        }
        for number in 0..<3 {
            let fillers = (0..<30).map { "filler\(number)y\($0)" }.joined(separator: " ")
            try await add("Public \(number)", "\(words[0]) \(fillers)")
        }
        #expect(try await slugs(base, limit: 3).sorted() == ["public-0", "public-1", "public-2"])
    }

    @Test func tiesAreBrokenNewestFirst() async throws {
        let base = try await add("Base", "alpha", tags: ["Shared"], daysAgo: 10)
        try await add("Older twin", "beta", tags: ["Shared"], daysAgo: 5)
        try await add("Newer twin", "gamma", tags: ["Shared"], daysAgo: 1)
        #expect(try await slugs(base) == ["newer-twin", "older-twin"])
    }

    @Test(arguments: [false, true])
    func listsFollowEditsAndDeletes(keepingLists: Bool) async throws {
        let related = keepingLists ? try self.keepingLists() : self.related
        let slugs = { (id: Int64) in try await self.slugs(id, from: related) }
        let (tomato, _) = try await seedCorpus()
        #expect(try await slugs(tomato).contains("compost-for-balcony-pots"))
        _ = try await posts.update(slug: "compost-for-balcony-pots", with: PostDraft(title: "Compost for balcony pots", bodyMarkdown: "Checkpoints and WAL pages in SQLite tables.", tags: ["Databases"]), now: now)
        let afterEdit = try await slugs(tomato)
        #expect(!afterEdit.prefix(1).contains("compost-for-balcony-pots"))
        _ = try await posts.update(slug: "compost-for-balcony-pots", with: PostDraft(title: "Compost renamed", bodyMarkdown: "Checkpoints and WAL pages in SQLite tables.", tags: ["Databases"]), now: now)
        let titles = try await related.related(to: tomato, limit: 5, now: now).map(\.entry.post.title)
        #expect(!titles.contains("Compost for balcony pots"))
        try await posts.delete(slug: "watering-herbs-in-summer")
        #expect(!(try await slugs(tomato).contains("watering-herbs-in-summer")))
        let added = try await add("Tomato blight", "Blight spots on tomatoes growing in balcony pots: remove leaves, water the soil not the plants, use fresh compost.", tags: ["Gardening"], daysAgo: 0.5)
        #expect(try await slugs(tomato).first == "tomato-blight")
        #expect(try await slugs(added).first == "growing-tomatoes-on-a-balcony")
    }

    @Test func staleWeightsAreRefreshedAsTheBlogGrows() async throws {
        let first = try await add("First post", "lonely words about kites")
        let stale = try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT keywords_corpus_size FROM post WHERE id = ?", arguments: [first]) }
        #expect(stale == 1)
        for index in 0..<4 { try await add("Filler \(index)", "kites and other things number \(index)") }
        #expect(try await PostKeywords.refreshStale(in: database) >= 1)
        let fresh = try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT keywords_corpus_size FROM post WHERE id = ?", arguments: [first]) }
        #expect(fresh == 5)
        #expect(try await PostKeywords.refreshStale(in: database) == 0)
    }

    @Test func aBulkRefreshSetsTheTermIndexAsideAndBuildsItAgainWithTheSameLists() async throws {
        let (tomato, sqlite) = try await seedCorpus()
        let before = (try await slugs(tomato), try await slugs(sqlite))
        try await database.writer.write { db in try db.execute(sql: "UPDATE post SET keywords_corpus_size = 0") }
        #expect(try await PostKeywords.refreshStale(in: database, bulkFrom: 3) == 6)
        let indexes = try await database.reader.read { db in try db.indexes(on: "post_keyword").map(\.name) }
        #expect(indexes.contains(PostKeywords.termIndex))
        #expect(try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM set_aside_index") } == 0)
        #expect((try await slugs(tomato), try await slugs(sqlite)) == before)
    }

    @Test func anIndexSetAsideByARefreshThatWasKilledIsBuiltAgain() async throws {
        _ = try await seedCorpus()
        try await database.writer.write { db in
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [PostKeywords.termIndex])
            try db.execute(sql: "INSERT INTO set_aside_index (name, sql) VALUES (?, ?)", arguments: [PostKeywords.termIndex, sql])
            try db.execute(sql: "DROP INDEX \(PostKeywords.termIndex)")
        }
        try await PostKeywords.refreshStale(in: database)
        let indexes = try await database.reader.read { db in try db.indexes(on: "post_keyword").map(\.name) }
        #expect(indexes.contains(PostKeywords.termIndex))
    }

    /// Each term's head as the blob holds it and as the term index gives it, for every term.
    func termHeads() async throws -> (stored: [String: [Int64]], indexed: [String: [Int64]]) {
        try await database.reader.read { db in
            var stored: [String: [Int64]] = [:]
            var indexed: [String: [Int64]] = [:]
            for term in try String.fetchAll(db, sql: "SELECT DISTINCT term FROM post_keyword") {
                try TermHeads.forEachPosting(of: term, anyStale: false, db) { id, _ in stored[term, default: []].append(id) }
                indexed[term] = try Int64.fetchAll(db, sql: "SELECT post_id FROM post_keyword WHERE term = ? ORDER BY weight DESC LIMIT ?", arguments: [term, TermHeads.postsPerTerm])
            }
            let blobs = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM term_head") ?? 0
            #expect(blobs == indexed.count)
            return (stored, indexed)
        }
    }

    func staleTerms() async throws -> Int {
        try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM term_head_stale") ?? -1 }
    }

    @Test func eachTermsHeadIsWrittenWithThePostsThatChangeIt() async throws {
        let (tomato, _) = try await seedCorpus()
        var heads = try await termHeads()
        #expect(heads.stored == heads.indexed && !heads.stored.isEmpty)
        #expect(try await staleTerms() == 0)
        try await posts.delete(slug: "compost-for-balcony-pots")
        heads = try await termHeads()
        #expect(heads.stored == heads.indexed)
        #expect(try await staleTerms() == 0)
        #expect(try await !slugs(tomato).contains("compost-for-balcony-pots"))
    }

    @Test func aStaleOrMissingHeadIsReadFromTheIndexWithTheSameLists() async throws {
        let (tomato, sqlite) = try await seedCorpus()
        // Weights made when the blog was smaller are brought up to date first.
        try await PostKeywords.refreshStale(in: database)
        let before = (try await slugs(tomato), try await slugs(sqlite))
        // Every head wrong (each holds the posts of another term) but marked stale: none is used.
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE term_head SET postings = (SELECT postings FROM term_head ORDER BY term LIMIT 1)")
            try db.execute(sql: "INSERT INTO term_head_stale (term) SELECT term FROM term_head")
        }
        #expect((try await slugs(tomato), try await slugs(sqlite)) == before)
        // No heads at all, none stale: each term is read from the index.
        try await database.writer.write { db in try db.execute(sql: "DELETE FROM term_head; DELETE FROM term_head_stale") }
        #expect((try await slugs(tomato), try await slugs(sqlite)) == before)
        // A refresh writes every stale head again, even with no post to refresh.
        try await database.writer.write { db in try db.execute(sql: "INSERT INTO term_head_stale (term) SELECT DISTINCT term FROM post_keyword") }
        #expect(try await PostKeywords.refreshStale(in: database) == 0)
        #expect(try await staleTerms() == 0)
        let heads = try await termHeads()
        #expect(heads.stored == heads.indexed)
        #expect((try await slugs(tomato), try await slugs(sqlite)) == before)
    }

    @Test func keywordVectorsAreUnitLength() async throws {
        let id = try await add("Unit vectors", "Every post keeps its most distinctive terms with weights whose squares add up to one.")
        let norm = try await database.reader.read { db in
            try Double.fetchOne(db, sql: "SELECT SUM(weight * weight) FROM post_keyword WHERE post_id = ?", arguments: [id])
        }
        #expect(abs((norm ?? 0) - 1) < 1e-9)
        let count = try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post_keyword WHERE post_id = ?", arguments: [id]) }
        #expect((1...PostKeywords.termsKept).contains(count ?? 0))
    }
}

@Suite struct SearchTests {
    let database: AppDatabase
    let posts: SQLitePostStore
    let search: any PostSearch
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        database = try AppDatabase.inMemory()
        posts = SQLitePostStore(database: database, defaultAuthor: "Ann")
        search = SQLitePostSearch(database: database)
    }

    func add(_ title: String, _ body: String, tags: [String] = [], status: PostStatus = .published) async throws {
        _ = try await posts.create(PostDraft(title: title, bodyMarkdown: body, tags: tags, status: status, publishedAt: now.addingTimeInterval(-60)), now: now)
    }

    func find(_ text: String) async throws -> [String] {
        guard let query = SearchQuery(text) else { return [] }
        return try await search.search(query, page: 1, perPage: 10, now: now).results.map(\.entry.post.slug)
    }

    /// One test's blog, on one engine.
    struct Blog: Sendable {
        let database: BlogDatabase
        let now: Date
        var posts: any PostStore { database.posts(defaultAuthor: "Ann") }
        var search: any PostSearch { database.search }

        func add(_ title: String, _ body: String, tags: [String] = [], status: PostStatus = .published) async throws {
            _ = try await posts.create(PostDraft(title: title, bodyMarkdown: body, tags: tags, status: status, publishedAt: now.addingTimeInterval(-60)), now: now)
        }

        func find(_ text: String) async throws -> [String] {
            guard let query = SearchQuery(text) else { return [] }
            return try await search.search(query, page: 1, perPage: 10, now: now).results.map(\.entry.post.slug)
        }
    }

    private func withBlog(_ engine: DatabaseEngine, _ body: @Sendable (Blog) async throws -> Void) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in try await body(Blog(database: database, now: now)) }
    }

    /// The entry a post's search row holds: what the triggers alone would have written.
    func entry(_ slug: String) async throws -> [String: String]? {
        try await database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT post_search.title, post_search.body, post_search.tags FROM post_search JOIN post ON post.id = post_search.rowid WHERE post.slug = ?", arguments: [slug])
                .map { row in ["title": row["title"], "body": row["body"], "tags": row["tags"]] }
        }
    }

    @Test func aWriteHoldsTheIndexAndLeavesEachEntryAsTheTriggersWouldAndNothingPending() async throws {
        try await add("Held write", "Kites and wind", tags: ["Beta", "Alpha"])
        var row = try #require(try await entry("held-write"))
        #expect(row["title"] == "Held write")
        #expect(Set((row["tags"] ?? "").split(separator: " ")) == ["Alpha", "Beta"])
        _ = try await posts.update(slug: "held-write", with: PostDraft(title: "Held write again", bodyMarkdown: "Gliders", tags: ["Gamma"]), now: now)
        row = try #require(try await entry("held-write"))
        #expect(row["title"] == "Held write again")
        #expect(row["body"] == "Gliders")
        #expect(row["tags"] == "Gamma")
        // A refused write (a taken slug) holds nothing afterwards, and a write outside any hold
        // (a tag renamed) still reaches the index through the triggers.
        try await add("Other", "text")
        await #expect(throws: StoreError.self) {
            _ = try await posts.update(slug: "other", with: PostDraft(title: "Other", slug: "held-write", bodyMarkdown: "x"), now: now)
        }
        try await database.writer.write { db in try db.execute(sql: "UPDATE tag SET name = 'Delta' WHERE name = 'Gamma'") }
        #expect(try await entry("held-write")?["tags"] == "Delta")
        let leftover = try await database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM post_search_hold) + (SELECT COUNT(*) FROM post_search_pending)")
        }
        #expect(leftover == 0)
        #expect(try await find("gliders") == ["held-write"])
        _ = try await posts.update(slug: "held-write", with: PostDraft(title: "Held write again", bodyMarkdown: "Gliders", tags: [], status: .draft), now: now)
        #expect(try await entry("held-write") == nil)
    }

    @Test(arguments: TestPostgres.engines)
    func titleMatchesRankAboveBodyMentionsAndDraftsAreHidden(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        try await blog.add("Notes on sourdough", "Flour, water, salt and time.", tags: ["Baking"])
        try await blog.add("Weekend", "We baked sourdough once and it was flat.")
        try await blog.add("Sourdough draft", "sourdough sourdough", status: .draft)
        #expect(try await blog.find("sourdough") == ["notes-on-sourdough", "weekend"])
        #expect(try await blog.find("baking") == ["notes-on-sourdough"])
        #expect(try await blog.find("SOURDOUGH flour") == ["notes-on-sourdough"])
        #expect(try await blog.find("Sóurdough").count == 2)
        try await blog.add("Café culture", "Espresso in Crème brûlée town.")
        #expect(try await blog.find("cafe") == ["cafe-culture"])
        #expect(try await blog.find("creme brulee") == ["cafe-culture"])
    } }

    @Test(arguments: TestPostgres.engines)
    func snippetsHighlightMatchesAndEscapeTheRest(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        try await blog.add("Tags", "Use <b>bold</b> & the search word here.")
        let query = try #require(SearchQuery("search"))
        let result = try #require(try await blog.search.search(query, page: 1, perPage: 10, now: now).results.first)
        #expect(result.snippetHTML.contains("<mark>search</mark>"))
        #expect(result.snippetHTML.contains("&lt;b&gt;bold&lt;/b&gt; &amp;") || !result.snippetHTML.contains("<b>"))
        #expect(!result.snippetHTML.contains("<b>"))
    } }

    @Test(arguments: ["\"", "*", "\"\"", "NEAR(a b)", "title:secret", "a OR", "AND", "^x", "-x", "(", ")", "x\"y", "{a b}", "'; DROP TABLE post; --", String(repeating: "long ", count: 2000), "日本語のテキスト", "привет мир", "🙂"])
    func anyQueryTextIsSafe(text: String) async throws { for engine in TestPostgres.engines { try await withBlog(engine) { blog in
        try await blog.add("Привет мир", "日本語のテキスト and a title secret")
        _ = try await blog.find(text)
        if let query = SearchQuery(text) {
            #expect(query.terms.count <= SearchQuery.maxTerms)
            _ = try await blog.posts.publicPosts(after: nil, limit: 10, matching: query, now: now)
        }
        #expect(try await blog.posts.count() == 1)
    } } }

    @Test(arguments: TestPostgres.engines)
    func nonLatinScriptsAreFound(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        try await blog.add("Привет мир", "日本語のテキスト")
        #expect(try await blog.find("привет") == ["privet-mir"])
        #expect(try await blog.find("日本語のテキスト") == ["privet-mir"])
    } }

    @Test(arguments: TestPostgres.engines)
    func pagingCountsEveryMatch(engine: DatabaseEngine) async throws { try await withBlog(engine) { blog in
        for index in 0..<5 { try await blog.add("Kite \(index)", "kites fly") }
        let query = try #require(SearchQuery("kites"))
        let second = try await blog.search.search(query, page: 2, perPage: 2, now: now)
        #expect(second.totalCount == 5 && second.pageCount == 3 && second.results.count == 2)
        #expect(try await blog.search.search(query, page: 4, perPage: 2, now: now).results.isEmpty)
    } }
}

@Suite struct TermVectorTests {
    @Test func encodingRoundTripsAndCosineMatchesTheDotProduct() throws {
        let vector = TermVector(normalising: [(term: "sqlite", weight: 3.0), (term: "index", weight: 4.0), (term: "é", weight: 0.0)])
        #expect(abs(Double(vector.weights["sqlite"]!) - 0.6) < 1e-6)
        #expect(TermVector(decoding: vector.encoded) == vector)
        let other = TermVector(normalising: [(term: "index", weight: 1.0), (term: "wal", weight: 1.0)])
        let expected = Double(vector.weights["index"]!) * Double(other.weights["index"]!)
        #expect(abs(vector.cosine(withEncoded: other.encoded)! - expected) < 1e-9)
    }

    @Test func mergingTwoBlobsGivesTheCosineOfTheDecodedVectors() throws {
        let terms = ["apple", "zebra", "é", "ωmega", "a", "ab", "kites", "日本"]
        let one = TermVector(normalising: terms.enumerated().map { (term: $1, weight: Double($0 + 1)) })
        let other = TermVector(normalising: terms.shuffled().prefix(5).enumerated().map { (term: $1, weight: Double(5 - $0)) } + [(term: "wal", weight: 2)])
        let merged = one.encoded.withUnsafeBytes { a in other.encoded.withUnsafeBytes { b in TermVector.cosine(a, b) } }
        #expect(abs(merged! - one.cosine(withEncoded: other.encoded)!) < 1e-12)
        #expect(merged! > 0)
    }

    @Test func aBlobNotInByteOrderIsNotMerged() {
        // "b" before "a": what an encoder sorting some other way could have written.
        var outOfOrder = Data()
        for term in ["b", "a"] {
            outOfOrder.append(1)
            outOfOrder.append(contentsOf: Array(term.utf8))
            withUnsafeBytes(of: Float(0.5).bitPattern.littleEndian) { outOfOrder.append(contentsOf: $0) }
        }
        let sorted = TermVector(normalising: [(term: "a", weight: 1), (term: "b", weight: 1)]).encoded
        #expect(outOfOrder.withUnsafeBytes { a in sorted.withUnsafeBytes { b in TermVector.cosine(a, b) } } == nil)
        #expect(TermVector(decoding: outOfOrder) != nil)
    }

    @Test func truncatedBytesAreNotAVector() {
        var bytes = TermVector(normalising: [(term: "term", weight: 1.0)]).encoded
        bytes.removeLast()
        #expect(TermVector(decoding: bytes) == nil)
        #expect(TermVector(weights: [:]).cosine(withEncoded: bytes) == nil)
    }

    @Test func everyPublishedPostGetsAFullVectorOfAtMostTheKeptTerms() async throws {
        let database = try AppDatabase.inMemory()
        let posts = SQLitePostStore(database: database, defaultAuthor: "Ann")
        let words = (0..<400).map { "word\($0)" }.joined(separator: " ")
        let post = try await posts.create(PostDraft(title: "Long", bodyMarkdown: words), now: Date()).post
        let draft = try await posts.create(PostDraft(title: "Draft", bodyMarkdown: words, status: .draft), now: Date()).post
        let blobs = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT post_id, vector FROM post_term_vector").map { row -> (Int64, Data) in (row[0], row[1]) }
        }
        #expect(blobs.map(\.0) == [post.id!])
        #expect(blobs.first.flatMap { TermVector(decoding: $0.1) }?.weights.count == PostKeywords.vectorTerms)
        #expect(draft.id != nil)
    }
}

@Suite struct ScoreTableTests {
    @Test func sumsLikeADictionaryThroughGrowth() {
        var table = ScoreTable(capacity: 4)
        var expected: [Int64: Double] = [:]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let id = Int64.random(in: 0...3_000, using: &generator)
            let value = Double.random(in: 0...1, using: &generator)
            table.add(value, to: id)
            expected[id, default: 0] += value
        }
        var seen: [Int64: Double] = [:]
        table.forEach { id, score in seen[id] = score }
        #expect(table.count == expected.count && seen.count == expected.count)
        for (id, score) in expected { #expect(abs(seen[id]! - score) < 1e-9 && table[id] == seen[id]) }
        #expect(table[3_001] == nil)
    }
}

@Suite struct RankedValueTests {
    @Test func theRankedValueIsTheOneSortingWouldPutThere() {
        var generator = SystemRandomNumberGenerator()
        for size in [1, 2, 3, 10, 257, 5_000] {
            // Many ties, as scores of posts sharing one term have.
            let values = (0..<size).map { _ in Double(Int.random(in: 0..<(size / 3 + 2), using: &generator)) / 7 }
            let sorted = values.sorted(by: >)
            for rank in [1, 2, size / 2 + 1, size, size + 5] {
                #expect(RelatedPosts.value(ranked: rank, in: values) == sorted[min(rank, size) - 1], "size \(size), rank \(rank)")
            }
        }
        #expect(RelatedPosts.value(ranked: 3, in: [Double]()) == 0)
    }
}
