import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// Counted views, on each engine.
@Suite struct PageViewStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: TestPostgres.engines)
    func countsAddUpByDayAndTheMostReadArePublicPostsOnly(engine: DatabaseEngine) async throws {
        let now = now
        try await TestDatabases.with(engine) { database in
            let posts = database.posts(defaultAuthor: "Ann")
            try await posts.create(PostDraft(title: "Popular", bodyMarkdown: "x"), now: now)
            try await posts.create(PostDraft(title: "Quiet", bodyMarkdown: "x"), now: now)
            try await posts.create(PostDraft(title: "Hidden", bodyMarkdown: "x", status: .draft), now: now)
            let counter = ViewCounter(store: database.pageViews)
            for path in ["/posts/popular", "/posts/popular", "/posts/quiet", "/posts/hidden", "/posts/hidden", "/posts/hidden", "/"] {
                counter.count(path: path, at: now)
            }
            counter.count(path: "/posts/popular", at: now.addingTimeInterval(-86_400))
            try await counter.flush()
            counter.count(path: "/posts/popular", at: now)
            try await counter.flush()
            let days = try await database.pageViews.viewsPerDay(days: 3, now: now)
            #expect(days.map(\.views) == [0, 1, 8])
            #expect(days.last?.day == ViewCounter.day(now))
            let read = try await database.pageViews.mostRead(days: 7, limit: 5, now: now)
            #expect(read.map(\.post.slug) == ["popular", "quiet"] && read.map(\.views) == [4, 1])
            #expect(try await database.pageViews.mostRead(days: 7, limit: 1, now: now).map(\.post.slug) == ["popular"])
        }
    }
}
