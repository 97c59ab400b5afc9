import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct CachingAndHeaderTests {
    @Test(arguments: ["/", "/posts/post", "/tags/news", "/search?q=hello", "/api/posts", "/api/posts/post", "/api/tags", "/healthz", "/static/css/quire.css", "/nothing", "/api/nothing"])
    func everyAnswerCarriesTheSecurityHeaders(uri: String) async throws {
        let site = try TestSite()
        try await site.add(PostDraft(title: "Post", bodyMarkdown: "hello", tags: ["News"]))
        try await site.test { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
            let csp = try #require(response.headers[.contentSecurityPolicy])
            #expect(csp.contains("script-src 'none'") && !csp.contains("unsafe-inline"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "strict-origin-when-cross-origin")
            #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(response.headers[.setCookie] == nil)
        }
    }

    @Test(arguments: ["/", "/posts/post", "/api/posts", "/api/posts/post", "/api/tags"])
    func matchingETagGives304(uri: String) async throws {
        let site = try TestSite()
        try await site.add(PostDraft(title: "Post", bodyMarkdown: "hello"))
        try await site.test { client in
            let first = try await client.execute(uri: uri, method: .get)
            let etag = try #require(first.headers[.eTag])
            #expect(first.headers[.cacheControl] == "no-cache")
            let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == etag)
            let other = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"something-else\""])
            #expect(other.status == .ok)
            let head = try await client.execute(uri: uri, method: .head, headers: [.ifNoneMatch: etag])
            #expect(head.status == .notModified)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func etagsChangeWithEveryKindOfWrite(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.comments.moderation = .open }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "hello", tags: ["News"]))
            try await site.test { client in
                func etags() async throws -> [String] {
                    var tags: [String] = []
                    for uri in ["/", "/posts/post", "/api/posts", "/api/posts/post", "/api/posts/post/comments"] {
                        tags.append(try await client.execute(uri: uri, method: .get).headers[.eTag] ?? "")
                    }
                    return tags
                }
                let initial = try await etags()
                #expect(try await client.postComment(slug: "post", goodComment("New comment")).status == .seeOther)
                let afterComment = try await etags()
                for index in initial.indices { #expect(initial[index] != afterComment[index], "comment: \(index)") }

                _ = try await site.store.update(slug: "post", with: PostDraft(title: "Post, edited", bodyMarkdown: "hello again", tags: ["News"]), now: Date())
                let afterEdit = try await etags()
                for index in [0, 1, 2, 3] { #expect(afterComment[index] != afterEdit[index], "edit: \(index)") }

                let id = try await site.blog.integer("SELECT id FROM comment") ?? 0
                _ = try await site.blog.comments(settings: site.config.comments).setStatus(id: Int64(id), to: .trash)
                let afterModeration = try await etags()
                for index in [1, 4] { #expect(afterEdit[index] != afterModeration[index], "moderation: \(index)") }
            }
        }
    }
}
