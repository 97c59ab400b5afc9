import Foundation
import Hummingbird
import QuireCore

/// `GET /admin`, signed in: posts by status, comments waiting and the latest ones (an admin's),
/// the next scheduled post, and the stats: views per day for 30 days and the week's most-read
/// posts. An author sees their own posts only.
struct AdminDashboardController<Context: AdminRequestContext>: Sendable {
    let site: LiveSite
    let pageViews: any PageViewStore
    let clock: WallClock

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("", use: show)
    }

    struct Screen: Sendable {
        var counts: [Count]
        var isAdmin: Bool
        var waiting: Int
        var recentComments: [RecentComment]
        var hasRecentComments: Bool
        var nextScheduled: Scheduled?
        /// The views chart (SVG made from numbers only).
        var chartSVG: String
        var mostRead: [MostRead]
        var hasMostRead: Bool
    }

    struct MostRead: Sendable {
        var title: String
        var url: String
        var views: Int
    }

    struct Count: Sendable {
        var label: String
        var count: Int
        var url: String
    }

    struct RecentComment: Sendable {
        var author: String
        var excerpt: String
        var postTitle: String
        var status: String
        var editURL: String
    }

    struct Scheduled: Sendable {
        var title: String
        var date: String
        var editURL: String
    }

    @Sendable func show(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let user = try context.user()
        let owner = user.listsOwnerID
        let now = clock.now()
        let counts = try await site.posts.statusCounts(ownerID: owner, now: now)
        let isAdmin = user.role == .admin
        let recent = isAdmin ? try await site.comments.recent(limit: 5) : []
        let next = try await site.posts.nextScheduled(ownerID: owner, now: now)
        let mostRead = try await pageViews.mostRead(days: 7, limit: 5, now: now).map { entry in
            MostRead(title: entry.post.title, url: "/posts/\(entry.post.slug)", views: entry.views)
        }
        let screen = Screen(
            counts: PostStatus.allCases.map { Count(label: $0.rawValue.capitalized, count: counts[$0] ?? 0, url: "/admin/posts?status=\($0.rawValue)") },
            isAdmin: isAdmin,
            waiting: isAdmin ? try await site.comments.count(status: .pending) : 0,
            recentComments: recent.map { entry in
                RecentComment(
                    author: entry.comment.authorName, excerpt: String(entry.comment.body.prefix(140)), postTitle: entry.postTitle,
                    status: entry.comment.status.rawValue, editURL: "/admin/comments/\(entry.comment.id ?? 0)"
                )
            },
            hasRecentComments: !recent.isEmpty,
            nextScheduled: next.map { Scheduled(title: $0.title, date: site.adminViews.dates.display($0.publishedAt), editURL: "/admin/posts/\($0.id ?? 0)") },
            chartSVG: ViewsChart.svg(try await pageViews.viewsPerDay(days: 30, now: now)),
            mostRead: mostRead, hasMostRead: !mostRead.isEmpty
        )
        return try await site.adminViews.page("dashboard", title: "Dashboard", screen: screen, context: context, section: "/admin")
            .response(from: request, context: context)
    }
}
