import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
@testable import QuireWeb
import Testing

@Suite struct AdminStatsTests {
    static let browserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

    @Test(arguments: TestPostgres.engines)
    func readersAreCountedButProgramsAndSignedInUsersAreNot(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Popular", bodyMarkdown: "x"))
            try await site.add(PostDraft(title: "Quiet", bodyMarkdown: "y"))
            let services = try await site.services()
            try await Application(router: buildRouter(services: services)).test(.router) { client in
                for _ in 0..<3 {
                    #expect(try await client.execute(uri: "/posts/popular", method: .get, headers: [.userAgent: Self.browserAgent]).status == .ok)
                }
                _ = try await client.execute(uri: "/posts/quiet", method: .get, headers: [.userAgent: Self.browserAgent])
                _ = try await client.execute(uri: "/", method: .get, headers: [.userAgent: Self.browserAgent])
                // Not counted: a crawler, no User-Agent, a signed-in browser, a missing page, a feed.
                _ = try await client.execute(uri: "/posts/popular", method: .get, headers: [.userAgent: "Googlebot/2.1 (+http://www.google.com/bot.html)"])
                _ = try await client.execute(uri: "/posts/popular", method: .get)
                _ = try await client.execute(uri: "/posts/popular", method: .get, headers: [.userAgent: Self.browserAgent, .cookie: "quire_session=anything"])
                _ = try await client.execute(uri: "/posts/nothing-here", method: .get, headers: [.userAgent: Self.browserAgent])
                _ = try await client.execute(uri: "/feed.xml", method: .get, headers: [.userAgent: Self.browserAgent])
                try await services.viewCounter.flush()

                let browser = try await AdminBrowser.signIn(client, site: site)
                _ = try await browser.get("/posts/popular")
                try await services.viewCounter.flush()
                let dashboard = try await browser.get("/admin").text
                #expect(dashboard.contains(#"<svg class="chart""#) && dashboard.contains("5 views in all; the most, 5, on \(ViewCounter.day(site.clock.now))"))
                let popular = try #require(dashboard.range(of: "Popular</a> <span class=\"hint\">3 views"))
                let quiet = try #require(dashboard.range(of: "Quiet</a> <span class=\"hint\">1 views"))
                #expect(popular.lowerBound < quiet.lowerBound)
            }
            let stored = try await site.blog.strings("SELECT path || '=' || CAST(views AS TEXT) FROM page_view ORDER BY path")
            #expect(stored == ["/=1", "/posts/popular=3", "/posts/quiet=1"])
        }
    }

    @Test(arguments: TestPostgres.engines)
    func daysAddUpAcrossFlushesAndTheChartKeepsThirtyDays(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let counter = ViewCounter(store: site.blog.pageViews)
            let store = site.blog.pageViews
            let today = site.clock.now
            counter.count(path: "/", at: today)
            try await counter.flush()
            counter.count(path: "/", at: today)
            counter.count(path: "/", at: today.addingTimeInterval(-40 * 86_400))
            counter.count(path: "/", at: today.addingTimeInterval(-2 * 86_400))
            try await counter.flush()
            let days = try await store.viewsPerDay(days: 30, now: today)
            // A post no longer public is left out of the most read.
            try await site.add(PostDraft(title: "Gone", bodyMarkdown: "x", status: .draft))
            counter.count(path: "/posts/gone", at: today)
            try await counter.flush()
            #expect(try await store.mostRead(days: 7, limit: 5, now: today).isEmpty)
            #expect(days.count == 30)
            #expect(days.last?.day == ViewCounter.day(today) && days.last?.views == 2)
            #expect(days[27].views == 1)
            #expect(days.map(\.views).reduce(0, +) == 3)
            let svg = ViewsChart.svg(days)
            #expect(svg.components(separatedBy: "<rect").count - 1 == 30)
        }
    }

    @Test func obviousProgramsAreToldFromBrowsers() {
        #expect(!Visitor.isProgram(userAgent: Self.browserAgent))
        #expect(!Visitor.isProgram(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"))
        for agent in ["curl/8.5.0", "Mozilla/5.0 (compatible; bingbot/2.0)", "python-requests/2.32", "Wget/1.21", "", "facebookexternalhit/1.1 (+preview)"] {
            #expect(Visitor.isProgram(userAgent: agent), "\(agent)")
        }
    }
}
