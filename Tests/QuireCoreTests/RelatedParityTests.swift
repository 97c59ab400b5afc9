import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// The same posts give the same related lists, with the same scores, on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.address != nil, "set QUIRE_TEST_POSTGRES_URL (scripts/postgres-cluster.sh) to test PostgreSQL"))
struct RelatedParityTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A blog of a few subjects whose posts share words and tags in many proportions, with
    /// drafts, a scheduled post, a page, accents, a rename and a deletion among them.
    static func drafts(now: Date) -> [PostDraft] {
        let subjects: [(tag: String, words: [String])] = [
            ("Gardening", ["tomatoes", "compost", "balcony", "pots", "watering", "basil", "seedlings", "soil"]),
            ("Databases", ["sqlite", "index", "query", "pages", "checkpoint", "postgres", "vacuum", "tables"]),
            ("Travel", ["mountains", "huts", "trains", "valleys", "maps", "café", "glaciers", "ridges"]),
            ("Cooking", ["sourdough", "flour", "oven", "crème", "butter", "knead", "proof", "crust"]),
        ]
        var drafts: [PostDraft] = []
        for number in 0..<48 {
            let subject = subjects[number % subjects.count]
            let other = subjects[(number / 4) % subjects.count]
            let words = (0..<12).map { subject.words[($0 * (number + 1) + number) % subject.words.count] }
                + (0..<(number % 5)).map { other.words[($0 + number) % other.words.count] }
            let status: PostStatus = number % 11 == 5 ? .draft : .published
            let publishedAt = now.addingTimeInterval(Double(number % 13 == 7 ? 86_400 : -Double(number) * 3_600))
            var draft = PostDraft(
                title: "\(subject.words[number % 8].capitalized) notes \(number)", bodyMarkdown: words.joined(separator: " ") + ".",
                tags: number % 3 == 0 ? [subject.tag, other.tag] : [subject.tag], status: status, publishedAt: publishedAt
            )
            if number == 20 { draft.kind = .page }
            drafts.append(draft)
        }
        return drafts
    }

    func lists(on engine: DatabaseEngine) async throws -> [String: [String]] {
        let now = now
        return try await TestDatabases.with(engine) { database in
            let posts = database.posts(defaultAuthor: "Ann")
            var ids: [String: Int64] = [:]
            for draft in Self.drafts(now: now) {
                let saved = try await posts.create(draft, now: now)
                ids[saved.post.slug] = saved.post.id
            }
            let slugs = ids.keys.sorted()
            _ = try await posts.update(slug: slugs[1], with: PostDraft(title: "Renamed", bodyMarkdown: "vacuum tables index pages flour", tags: ["Cooking"]), now: now)
            try await posts.delete(slug: slugs[2])
            ids.removeValue(forKey: slugs[2])
            let related = RelatedPosts(store: database.related)
            var lists: [String: [String]] = [:]
            for (slug, id) in ids {
                lists[slug] = try await related.related(to: id, limit: 8, now: now).map { "\($0.entry.post.slug) \(String(format: "%.12f", $0.score))" }
            }
            return lists
        }
    }

    @Test func everyListAndScoreIsTheSameOnBothEngines() async throws {
        let sqlite = try await lists(on: .sqlite)
        let postgres = try await lists(on: .postgres)
        #expect(sqlite.count == 47 && sqlite.values.contains { $0.count == 8 })
        for slug in sqlite.keys.sorted() {
            #expect(postgres[slug] == sqlite[slug], "\(slug)")
        }
    }
}
