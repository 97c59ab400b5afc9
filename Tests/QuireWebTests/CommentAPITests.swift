import Foundation
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct CommentAPITests {
    static let commentKeys: Set<String> = ["id", "post_slug", "parent_id", "author_name", "author_url", "body_text", "body_html", "created_at"]

    func post(_ client: any TestClientProtocol, _ slug: String, json: String, contentType: String = "application/json") async throws -> TestResponse {
        try await client.execute(uri: "/api/posts/\(slug)/comments", method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: json))
    }

    @Test(arguments: TestPostgres.engines)
    func createdCommentIs201WithLocationAndNoPrivateFields(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.comments.moderation = .open }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let response = try await post(client, "post", json: #"{"author_name":"Ann","author_email":"ann@example.com","author_url":"https://ann.example","body":"Hi <there>\nhttps://x.example"}"#)
                #expect(response.status == .created)
                let json = try response.json()
                #expect(Set(json.keys) == ["comment", "status"])
                #expect(json["status"] as? String == "approved")
                let comment = try #require(json["comment"] as? [String: Any])
                #expect(Set(comment.keys) == Self.commentKeys)
                let id = try #require(comment["id"] as? Int)
                #expect(response.headers[.location] == "/api/comments/\(id)")
                #expect(comment["post_slug"] as? String == "post")
                #expect(comment["parent_id"] is NSNull)
                #expect(comment["body_text"] as? String == "Hi <there>\nhttps://x.example")
                #expect(comment["body_html"] as? String == "<p>Hi &lt;there&gt;<br>\n<a href=\"https://x.example\" rel=\"nofollow ugc noopener\">https://x.example</a></p>")
                #expect(!response.text.contains("ann@example.com"))

                let list = try await client.execute(uri: "/api/posts/post/comments", method: .get)
                let comments = try #require(try list.json()["comments"] as? [[String: Any]])
                #expect(comments.count == 1)
                #expect(Set(comments[0].keys) == Self.commentKeys)

                let reply = try await post(client, "post", json: #"{"author_name":"Bo","author_email":"bo@example.com","body":"Reply","parent_id":\#(id)}"#)
                #expect(reply.status == .created)
                let listed = try await client.execute(uri: "/api/posts/post/comments", method: .get).json()["comments"] as? [[String: Any]]
                #expect(listed?.map { $0["body_text"] as? String } == ["Hi <there>\nhttps://x.example", "Reply"])
                #expect(listed?.last?["parent_id"] as? Int == id)
                let summary = try await client.execute(uri: "/api/posts", method: .get).json()["posts"] as? [[String: Any]]
                #expect(summary?.first?["comment_count"] as? Int == 2)
                let full = try await client.execute(uri: "/api/posts/post", method: .get).json()["post"] as? [String: Any]
                #expect(full?["comment_count"] as? Int == 2)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func heldCommentSaysPendingAndIsNotListed(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let response = try await post(client, "post", json: #"{"author_name":"Ann","author_email":"ann@example.com","body":"Held"}"#)
                #expect(response.status == .created)
                #expect(try response.json()["status"] as? String == "pending")
                let list = try await client.execute(uri: "/api/posts/post/comments", method: .get).json()
                #expect((list["comments"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test(arguments: [
        (#"{"author_email":"a@b.co","body":"x"}"#, ["author_name": "is required"]),
        (#"{"author_name":5,"author_email":"a@b.co","body":"x"}"#, ["author_name": "must be a string"]),
        (#"{"author_name":"A","author_email":"a@b.co","body":"x","parent_id":"one"}"#, ["parent_id": "must be a positive whole number"]),
        (#"{"author_name":"A","author_email":"a@b.co","body":"x","parent_id":1.5}"#, ["parent_id": "must be a positive whole number"]),
        (#"[1,2]"#, ["author_name": "is required", "author_email": "is required", "body": "is required"]),
        (#"{"author_name":"A","author_email":"nope","body":" "}"#, ["author_email": "Please enter a valid email address, such as name@example.com.", "body": "Please write a comment."]),
        (#"{"author_name":"A","author_email":"a@b.co","author_url":"javascript:x","body":"x"}"#, ["author_url": "Please enter a website address that starts with http:// or https://."]),
        (#"{"author_name":"A","author_email":"a@b.co","body":"x","parent_id":999}"#, ["parent_id": "The comment you are replying to is not available."]),
    ])
    func badFieldsAre422NamingEachField(json: String, errors: [String: String]) async throws {
        let site = try TestSite()
        try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
        try await site.test { client in
            let response = try await post(client, "post", json: json)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try response.json()
            #expect(problem["status"] as? Int == 422)
            #expect(problem["errors"] as? [String: String] == errors)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func malformedJSONIs400AndOtherTypesAre415(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let malformed = try await post(client, "post", json: #"{"author_name": "#)
                #expect(malformed.status == .badRequest)
                #expect(try await post(client, "post", json: "comment=x", contentType: "application/x-www-form-urlencoded").status == .unsupportedMediaType)
                let huge = #"{"body":""# + String(repeating: "a", count: 70_000) + #""}"#
                #expect(try await post(client, "post", json: huge).status == .contentTooLarge)
                #expect(try await post(client, "missing", json: "{}").status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func closedAndRateLimitedAre403And429Problems(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.comments.commentRateLimit = 1 }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Closed", bodyMarkdown: "x", commentsOpen: false))
            try await site.add(PostDraft(title: "Open", bodyMarkdown: "x"))
            try await site.test { client in
                let good = #"{"author_name":"A","author_email":"a@b.co","body":"x"}"#
                let closed = try await post(client, "closed", json: good)
                #expect(closed.status == .forbidden)
                #expect(closed.headers[.contentType] == "application/problem+json")
                #expect(try await post(client, "open", json: good).status == .created)
                let limited = try await post(client, "open", json: good)
                #expect(limited.status == .tooManyRequests)
                #expect(limited.headers[.retryAfter].flatMap(Int.init) != nil)
                #expect(limited.headers[.contentType] == "application/problem+json")
            }
        }
    }
}

@Suite struct ModerationAPITests {
    func token(_ site: TestSite) async throws -> String {
        try await site.blog.tokens.create(name: "test", now: Date())
    }

    @Test(arguments: [
        (HTTPRequest.Method.get, "/api/comments"), (.get, "/api/comments/1"), (.patch, "/api/comments/1"), (.delete, "/api/comments/1"),
        (.get, "/api/posts?status=draft"),
    ])
    func adminRoutesWithoutAValidTokenAre401(method: HTTPRequest.Method, uri: String) async throws {
        let site = try TestSite()
        _ = try await token(site)
        try await site.test { client in
            for headers: HTTPFields in [[:], [.authorization: "Bearer quire_wrong"], [.authorization: "Basic dXNlcjpwYXNz"]] {
                let response = try await client.execute(uri: uri, method: method, headers: headers)
                #expect(response.status == .unauthorized, "\(method) \(uri) \(headers)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func authorApprovesAHeldCommentAndTheNextPageViewShowsIt(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            let token = try await token(site)
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            try await site.test { client in
                #expect(try await client.postComment(slug: "post", goodComment("Please approve me", email: "new@example.com")).status == .seeOther)
                let before = try await client.execute(uri: "/posts/post", method: .get).text
                #expect(!before.contains("Please approve me"))

                let queue = try await client.execute(uri: "/api/comments?status=pending", method: .get, headers: auth)
                #expect(queue.status == .ok)
                let json = try queue.json()
                #expect(Set(json.keys) == ["comments", "next_cursor"])
                let held = try #require((json["comments"] as? [[String: Any]])?.first)
                #expect(Set(held.keys) == CommentAPITests.commentKeys.union(["status", "author_email"]))
                #expect(held["author_email"] as? String == "new@example.com")
                #expect(held["status"] as? String == "pending")
                let id = try #require(held["id"] as? Int)
                #expect(!queue.text.contains("unknown") && !queue.text.contains("client_hash"))

                let defaultQueue = try await client.execute(uri: "/api/comments", method: .get, headers: auth).json()
                #expect((defaultQueue["comments"] as? [Any])?.count == 1)

                let approved = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: #"{"status":"approved"}"#))
                #expect(approved.status == .ok)
                #expect((try approved.json()["comment"] as? [String: Any])?["status"] as? String == "approved")

                let after = try await client.execute(uri: "/posts/post", method: .get).text
                #expect(after.contains("Please approve me"))
                #expect(after.contains(">One comment</h2>"))

                let back = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: #"{"status":"spam"}"#))
                #expect(back.status == .ok)
                #expect(!(try await client.execute(uri: "/posts/post", method: .get).text.contains("Please approve me")))

                let shown = try await client.execute(uri: "/api/comments/\(id)", method: .get, headers: auth)
                #expect((try shown.json()["comment"] as? [String: Any])?["status"] as? String == "spam")

                let deleted = try await client.execute(uri: "/api/comments/\(id)", method: .delete, headers: auth)
                #expect(deleted.status == .noContent)
                #expect(try await client.execute(uri: "/api/comments/\(id)", method: .get, headers: auth).status == .notFound)
                #expect(try await client.execute(uri: "/api/comments/\(id)", method: .delete, headers: auth).status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func badModerationRequestsAreProblems(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            let token = try await token(site)
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            try await site.test { client in
                _ = try await client.postComment(slug: "post", goodComment())
                let id = try await site.blog.integer("SELECT id FROM comment") ?? 0
                let wrongStatus = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: #"{"status":"published"}"#))
                #expect(wrongStatus.status == .unprocessableContent)
                #expect(try wrongStatus.json()["errors"] as? [String: String] == ["status": "must be one of pending, approved, spam, trash"])
                let missing = try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: "{}"))
                #expect(try missing.json()["errors"] as? [String: String] == ["status": "is required"])
                #expect(try await client.execute(uri: "/api/comments/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: "{")).status == .badRequest)
                #expect(try await client.execute(uri: "/api/comments/9999", method: .patch, headers: auth, body: ByteBuffer(string: #"{"status":"trash"}"#)).status == .notFound)
                #expect(try await client.execute(uri: "/api/comments/abc", method: .get, headers: auth).status == .notFound)
                #expect(try await client.execute(uri: "/api/comments?status=weird", method: .get, headers: auth).status == .badRequest)
                #expect(try await client.execute(uri: "/api/comments?cursor=bad", method: .get, headers: auth).status == .badRequest)
                let notAllowed = try await client.execute(uri: "/api/comments/\(id)", method: .post, headers: auth)
                #expect(notAllowed.status == .methodNotAllowed)
                #expect(notAllowed.headers[.allow] == "GET, PATCH, DELETE, HEAD")
            }
        }
    }
}

@Suite struct AuthorReadAPITests {
    @Test(arguments: TestPostgres.engines)
    func authorsListPostsByStatusAndReadDrafts(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Live", bodyMarkdown: "*live*"))
            try await site.add(PostDraft(title: "Secret draft", bodyMarkdown: "*draft*", status: .draft))
            try await site.add(PostDraft(title: "Tomorrow", bodyMarkdown: "soon", publishedAt: Date().addingTimeInterval(86_400)))
            let token = try await site.blog.tokens.create(name: "t", now: Date())
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            try await site.test { client in
                for (status, slug) in [("draft", "secret-draft"), ("scheduled", "tomorrow"), ("published", "live")] {
                    let response = try await client.execute(uri: "/api/posts?status=\(status)", method: .get, headers: auth)
                    #expect(response.status == .ok)
                    let posts = try #require(try response.json()["posts"] as? [[String: Any]])
                    #expect(posts.compactMap { $0["slug"] as? String } == [slug], "\(status)")
                    #expect(posts.first?["status"] as? String == status)
                    #expect(posts.first?["body_markdown"] is String)
                }
                #expect(try await client.execute(uri: "/api/posts?status=weird", method: .get, headers: auth).status == .badRequest)

                let draft = try await client.execute(uri: "/api/posts/secret-draft", method: .get, headers: auth)
                #expect(draft.status == .ok)
                let post = try #require(try draft.json()["post"] as? [String: Any])
                #expect(Set(post.keys) == APITests.summaryKeys.union(["body_html", "comments_open", "body_markdown", "status"]))
                #expect(post["body_markdown"] as? String == "*draft*")
                #expect(post["status"] as? String == "draft")
                #expect(try await client.execute(uri: "/api/posts/secret-draft", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/api/posts/secret-draft", method: .get, headers: [.authorization: "Bearer quire_nope"]).status == .notFound)
            }
        }
    }
}
