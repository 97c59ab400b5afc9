import Foundation
import Hummingbird
import QuireCore

/// `GET /api/tags`: every tag with published posts, with how many.
struct TagAPIController<Context: RequestContext>: Sendable {
    let site: LiveSite
    let clock: WallClock

    private struct TagJSON: Encodable, Sendable {
        var name: String
        var slug: String
        var postCount: Int

        enum CodingKeys: String, CodingKey {
            case name, slug
            case postCount = "post_count"
        }
    }

    private struct ListBody: Encodable, Sendable {
        var tags: [TagJSON]
    }

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/tags", method: .get, use: list)
    }

    @Sendable func list(request: Request, context: Context) async throws -> some ResponseGenerator {
        let site = try await self.site.current()
        let tags = try await site.posts.publicTags(now: clock.now())
        return JSONBody(value: ListBody(tags: tags.map { TagJSON(name: $0.name, slug: $0.slug, postCount: $0.postCount) }))
    }
}
