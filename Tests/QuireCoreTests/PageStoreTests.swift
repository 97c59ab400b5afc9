import Foundation
import QuireTestSupport
@testable import QuireCore
import Testing

@Suite struct PageStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func withStore(_ engine: DatabaseEngine, _ body: @Sendable (any PostStore) async throws -> Void) async throws {
        try await TestDatabases.with(engine) { database in try await body(database.posts(defaultAuthor: "Ann")) }
    }

    func page(_ title: String, slug: String? = nil, status: PostStatus = .published) -> PostDraft {
        var draft = PostDraft(title: title, slug: slug, bodyMarkdown: "About **us**.", status: status, commentsOpen: false)
        draft.kind = .page
        return draft
    }

    @Test(arguments: TestPostgres.engines)
    func pagesStayOutOfEveryListOfPosts(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        try await store.create(PostDraft(title: "A post about us", bodyMarkdown: "About us, really.", tags: ["us"], publishedAt: now.addingTimeInterval(-60)), now: now)
        try await store.create(page("About us"), now: now)
        let later = now.addingTimeInterval(1)
        #expect(try await store.publicPage(slug: "about-us", now: later)?.bodyHTML == "<p>About <strong>us</strong>.</p>")
        #expect(try await store.publicPost(slug: "about-us", now: later) == nil, "a page is not at /posts/")
        #expect(try await store.publicPosts(after: nil, limit: 10, now: later).items.map(\.post.slug) == ["a-post-about-us"])
        #expect(try await store.publicPosts(after: nil, limit: 10, matching: SearchQuery("about"), now: later).items.map(\.post.slug) == ["a-post-about-us"])
        #expect(try await store.publicCount(now: later) == 1)
        #expect(try await store.publicSlugs(offset: 0, limit: 10, now: later).map(\.slug) == ["a-post-about-us"])
        #expect(try await store.publicPages(now: later).map(\.slug) == ["about-us"])
        #expect(try await store.adminPage(.init(kind: .page), page: 1, perPage: 10, now: later).posts.map(\.post.slug) == ["about-us"])
        #expect(try await store.adminPage(.init(), page: 1, perPage: 10, now: later).posts.map(\.post.slug) == ["a-post-about-us"])
        #expect(try await store.statusCounts(ownerID: nil, kind: .page, now: later)[.published] == 1)
        #expect(try await store.posts(status: .published, after: nil, limit: 10, now: later).items.count == 1)
    } }

    @Test(arguments: TestPostgres.engines)
    func aPageMayNotTakeAnAddressQuireUses(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        for slug in ["admin", "api", "posts", "tags", "search", "static", "media", "feed"] {
            await #expect(throws: StoreError.invalid(field: "slug", message: "is an address Quire uses itself (/\(slug)); choose another")) {
                try await store.create(page("Mine", slug: slug), now: now)
            }
        }
        // A title that makes such a slug gets another one; a post may have it (it lives under /posts/).
        let adminPage = try await store.create(page("Admin"), now: now)
        let post = try await store.create(PostDraft(title: "Admin", bodyMarkdown: "x"), now: now)
        #expect(adminPage.post.slug == "admin-page" && post.post.slug == "admin")
    } }

    @Test(arguments: TestPostgres.engines)
    func aPageKeepsItsKindWhenSavedAgainAndADraftPageIsPrivate(engine: DatabaseEngine) async throws { try await withStore(engine) { store in
        try await store.create(page("Contact", status: .draft), now: now)
        #expect(try await store.publicPage(slug: "contact", now: now.addingTimeInterval(1)) == nil)
        let saved = try await store.update(slug: "contact", with: PostDraft(title: "Contact", bodyMarkdown: "Write to us.", status: .published), now: now)
        #expect(saved.post.kind == .page)
        #expect(try await store.publicPage(slug: "contact", now: now.addingTimeInterval(1))?.bodyMarkdown == "Write to us.")
    } }

    @Test func frontMatterTypePageMakesAnUndatedPage() throws {
        let document = try FrontMatterDocument(text: "---\ntitle: About\ntype: page\ndate: 2024-01-01\ntags: [a]\n---\nHello.\n")
        #expect(document.draft.kind == .page && document.draft.publishedAt == nil && document.draft.tags.isEmpty && !document.draft.commentsOpen)
        #expect(throws: ImportProblem.self) { try FrontMatterDocument(text: "---\ntitle: About\ntype: article\n---\nHello.\n") }
    }
}
