import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite struct PostStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func withStore(_ engine: DatabaseEngine, _ body: @Sendable (any PostStore) async throws -> Void) async throws {
        try await TestDatabases.with(engine) { database in try await body(database.posts(defaultAuthor: "Site Author")) }
    }

    @Test(arguments: TestPostgres.engines)
    func listsOfSummariesLeaveTheBodiesUnreadAndFeedsKeepThem(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        try await store.create(PostDraft(title: "Kept whole", bodyMarkdown: "A *body*.", excerpt: "Short", tags: ["Kites"]), now: now)
        let summary = try #require(try await store.publicPage(1, perPage: 10, bodies: false, now: now).posts.first)
        #expect(summary.post.title == "Kept whole" && summary.post.excerpt == "Short" && summary.tags.map(\.name) == ["Kites"])
        #expect(summary.post.bodyHTML.isEmpty && summary.post.bodyMarkdown.isEmpty && summary.post.bodyText.isEmpty)
        let full = try #require(try await store.publicPage(1, perPage: 10, bodies: true, now: now).posts.first)
        #expect(full.post.bodyHTML.contains("<em>body</em>") && full.post.bodyMarkdown == "A *body*.")
        let listed = try await store.publicPosts(after: nil, limit: 10, now: now).items
        #expect(listed.map(\.post.slug) == ["kept-whole"] && listed[0].post.bodyHTML.isEmpty)
    } }

    @Test(arguments: TestPostgres.engines)
    func createDerivesSlugExcerptHTMLAndAuthor(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        let saved = try await store.create(
            PostDraft(title: "Hello, Wörld!", bodyMarkdown: "First *para*.\n\nSecond.", tags: ["Swift", "swift ", "Server Side"]),
            now: now
        )
        #expect(saved.post.slug == "hello-world")
        #expect(saved.post.excerpt == "First para.")
        #expect(saved.post.bodyHTML == "<p>First <em>para</em>.</p><p>Second.</p>")
        #expect(saved.post.authorName == "Site Author")
        #expect(saved.post.status == .published)
        #expect(saved.post.publishedAt == now)
        #expect(saved.tags.map(\.name) == ["Server Side", "Swift"])
        #expect(saved.tags.map(\.slug) == ["server-side", "swift"])
        let read = try #require(try await store.publicPost(slug: "hello-world", now: now))
        #expect(read == saved)
    } }

    @Test(arguments: TestPostgres.engines)
    func sameTitleGetsNumberedSlugButGivenSlugConflicts(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        _ = try await store.create(PostDraft(title: "Same", bodyMarkdown: "a"), now: now)
        let second = try await store.create(PostDraft(title: "Same", bodyMarkdown: "b"), now: now)
        #expect(second.post.slug == "same-2")
        await #expect(throws: StoreError.conflict(field: "slug")) {
            _ = try await store.create(PostDraft(title: "Other", slug: "same", bodyMarkdown: "c"), now: now)
        }
        #expect(try await store.count() == 2)
    } }

    @Test(arguments: TestPostgres.engines)
    func invalidDraftsAreRefusedByField(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        await #expect(throws: StoreError.invalid(field: "title", message: "is required")) {
            _ = try await store.create(PostDraft(title: "   ", bodyMarkdown: "x"), now: now)
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.create(PostDraft(title: "T", slug: "Bad Slug", bodyMarkdown: "x"), now: now)
        }
        await #expect(throws: StoreError.invalid(field: "published_at", message: "a scheduled post needs a date")) {
            _ = try await store.create(PostDraft(title: "T", bodyMarkdown: "x", status: .scheduled), now: now)
        }
        // SQLite's text functions stop at a NUL: such a title or tag is refused, never a failed CHECK.
        await #expect(throws: StoreError.invalid(field: "title", message: "must not contain control characters")) {
            _ = try await store.create(PostDraft(title: "\u{0}Õ", bodyMarkdown: "x"), now: now)
        }
        await #expect(throws: StoreError.invalid(field: "tags", message: "must not contain control characters")) {
            _ = try await store.create(PostDraft(title: "T", bodyMarkdown: "x", tags: ["\u{0}a"]), now: now)
        }
        // Nor U+0000 anywhere, which PostgreSQL's text can't hold.
        await #expect(throws: StoreError.invalid(field: "body_markdown", message: "must not contain the NUL character (U+0000)")) {
            _ = try await store.create(PostDraft(title: "T", bodyMarkdown: "a\u{0}b"), now: now)
        }
        await #expect(throws: StoreError.invalid(field: "featured_image", message: "must not contain the NUL character (U+0000)")) {
            _ = try await store.create(PostDraft(title: "T", bodyMarkdown: "x", featuredImage: FeaturedImage(url: "/a.png", alt: "\u{0}", caption: nil)), now: now)
        }
        let count = try await store.count()
        #expect(count == 0)
    } }

    @Test(arguments: TestPostgres.engines)
    func draftsAreNeverPublic(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        _ = try await store.create(PostDraft(title: "Secret", bodyMarkdown: "x", tags: ["t"], status: .draft, publishedAt: now.addingTimeInterval(-10)), now: now)
        #expect(try await store.publicPost(slug: "secret", now: now) == nil)
        #expect(try await store.publicPage(1, perPage: 10, bodies: true, now: now).totalCount == 0)
        #expect(try await store.publicPosts(after: nil, limit: 10, now: now).items.isEmpty)
        #expect(try await store.publicTags(now: now).isEmpty)
        #expect(try await store.post(slug: "secret")?.post.status == .draft)
    } }

    @Test(arguments: TestPostgres.engines)
    func scheduledPostAppearsWhenItsTimeComesWithoutAWrite(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        let later = now.addingTimeInterval(3600)
        let saved = try await store.create(PostDraft(title: "Soon", bodyMarkdown: "x", tags: ["news"], publishedAt: later), now: now)
        #expect(saved.post.status == .scheduled)
        #expect(saved.post.status(at: now) == .scheduled)
        #expect(try await store.publicPost(slug: "soon", now: now) == nil)
        #expect(try await store.publicTags(now: now).isEmpty)

        let afterwards = later.addingTimeInterval(1)
        #expect(try await store.publicPost(slug: "soon", now: afterwards) != nil)
        #expect(try await store.publicPage(1, perPage: 10, bodies: true, now: afterwards).totalCount == 1)
        #expect(try await store.publicTags(now: afterwards).map(\.name) == ["news"])
        #expect(saved.post.status(at: afterwards) == .published)
    } }

    @Test(arguments: TestPostgres.engines)
    func keysetPagingReturnsEveryPostOnceEvenWithSharedTimestamps(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        for index in 0..<23 {
            // Five posts share each timestamp.
            let date = now.addingTimeInterval(-Double(index / 5) * 60)
            _ = try await store.create(PostDraft(title: "Post \(index)", bodyMarkdown: "x", publishedAt: date), now: now)
        }
        _ = try await store.create(PostDraft(title: "Hidden", bodyMarkdown: "x", status: .draft), now: now)
        var seen: [String] = []
        var cursor: KeysetCursor?
        repeat {
            let page = try await store.publicPosts(after: cursor, limit: 4, now: now)
            #expect(page.items.count <= 4)
            seen += page.items.map(\.post.slug)
            cursor = page.next
            if let cursor { #expect(KeysetCursor(encoded: cursor.encoded) == cursor) }
        } while cursor != nil
        #expect(seen.count == 23)
        #expect(Set(seen).count == 23)
        let dates = try await store.publicPage(1, perPage: 100, bodies: true, now: now).posts.map(\.post.slug)
        #expect(seen == dates)
    } }

    @Test(arguments: TestPostgres.engines)
    func keysetPagingFindsEveryPostWhoseDateHasMilliseconds(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        // Dates with sub-second parts, as a post saved "now" has: PostgreSQL keeps microseconds and
        // a cursor carries milliseconds, so a row must compare the same way once it comes back.
        for index in 0..<9 {
            let date = now.addingTimeInterval(-Double(index) * 0.1237 - Double(index / 3) * 0.0004)
            _ = try await store.create(PostDraft(title: "Post \(index)", bodyMarkdown: "x", publishedAt: date), now: now)
        }
        var seen: [String] = []
        var cursor: KeysetCursor?
        var pages = 0
        repeat {
            let page = try await store.publicPosts(after: cursor, limit: 2, now: now)
            seen += page.items.map(\.post.slug)
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 20
        #expect(pages == 5)
        #expect(seen == (0..<9).map { "post-\($0)" })
    } }

    @Test(arguments: TestPostgres.engines)
    func pagesAndTagFilter(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        for index in 1...5 {
            _ = try await store.create(
                PostDraft(title: "P\(index)", bodyMarkdown: "x", tags: index.isMultiple(of: 2) ? ["Even"] : ["Odd"], publishedAt: now.addingTimeInterval(Double(index) - 10)),
                now: now
            )
        }
        let second = try await store.publicPage(2, perPage: 2, bodies: true, now: now)
        #expect(second.posts.map(\.post.slug) == ["p3", "p2"])
        #expect(second.pageCount == 3 && second.hasNewer && second.hasOlder)
        let even = try await store.publicPage(1, perPage: 10, tagSlug: "even", bodies: true, now: now)
        #expect(even.posts.map(\.post.slug) == ["p4", "p2"])
        let evenKeyset = try await store.publicPosts(after: nil, limit: 10, tagSlug: "even", now: now)
        #expect(evenKeyset.items.map(\.post.slug) == ["p4", "p2"])
        let tags = try await store.publicTags(now: now)
        #expect(tags.map { "\($0.name):\($0.postCount)" } == ["Even:2", "Odd:3"])
    } }

    @Test(arguments: TestPostgres.engines)
    func upsertUpdatesThePostWithTheSameSlug(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        let first = try await store.upsert(PostDraft(title: "Notes", bodyMarkdown: "old", tags: ["a"]), now: now)
        #expect(first.created)
        let second = try await store.upsert(PostDraft(title: "Notes", bodyMarkdown: "new", tags: ["b"]), now: now.addingTimeInterval(5))
        #expect(!second.created)
        #expect(second.post.post.id == first.post.post.id)
        #expect(second.post.post.bodyHTML == "<p>new</p>")
        #expect(second.post.post.publishedAt == now)
        #expect(second.post.tags.map(\.name) == ["b"])
        #expect(try await store.count() == 1)
        // An import's update is a new version too: an edit opened before it can't save over it.
        #expect(try await store.editable(slug: "notes")?.version == 2)
        await #expect(throws: StoreError.outdated(currentVersion: 2)) {
            try await store.update(slug: "notes", with: PostDraft(title: "Notes", bodyMarkdown: "stale"), now: now, expectedVersion: 1)
        }
    } }

    @Test(arguments: TestPostgres.engines)
    func searchIndexFollowsEveryWrite(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        _ = try await store.create(PostDraft(title: "Gardening", bodyMarkdown: "Tomatoes and basil", tags: ["Outdoors"]), now: now)
        _ = try await store.create(PostDraft(title: "Draft", bodyMarkdown: "tomatoes secret", status: .draft), now: now)
        #expect(try await matches("tomatoes", in: store) == ["gardening"])
        #expect(try await matches("outdoors", in: store) == ["gardening"])

        _ = try await store.update(slug: "gardening", with: PostDraft(title: "Gardening", bodyMarkdown: "Peppers only", tags: ["Balcony"]), now: now)
        #expect(try await matches("tomatoes", in: store).isEmpty)
        #expect(try await matches("peppers", in: store) == ["gardening"])
        #expect(try await matches("balcony", in: store) == ["gardening"])
        #expect(try await matches("outdoors", in: store).isEmpty)

        try await store.delete(slug: "gardening")
        #expect(try await matches("peppers", in: store).isEmpty)
    } }

    @Test(arguments: TestPostgres.engines)
    func welcomePostsAreAddedOnlyToAnEmptyBlog(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        #expect(try await store.addIfEmpty(WelcomePosts.drafts(now: now), now: now))
        #expect(try await store.count() == 3)
        #expect(try await !store.addIfEmpty(WelcomePosts.drafts(now: now), now: now))
        #expect(try await store.count() == 3)
        let welcome = try #require(try await store.publicPost(slug: "welcome-to-quire", now: now))
        #expect(welcome.post.featuredImage?.url == "/static/images/welcome.png")
    } }

    /// The public posts a search finds.
    private func matches(_ query: String, in store: any PostStore) async throws -> [String] {
        try await store.publicPosts(after: nil, limit: 10, matching: SearchQuery(query), now: now).items.map(\.post.slug)
    }
}
