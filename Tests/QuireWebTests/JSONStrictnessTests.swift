import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import Testing

/// Every JSON body must be RFC 8259 JSON: a body with a JSON5 or JavaScript extension is a 400
/// problem on every route that takes one, and nothing is stored.
@Suite struct JSONStrictnessTests {
    /// Bodies that would be right but for one extension each.
    static let extensions: [(name: String, comment: String, post: String, moderation: String)] = [
        ("trailing comma", #"{"author_name":"A","author_email":"a@b.co","body":"Hi",}"#, #"{"title":"T","body_markdown":"x",}"#, #"{"status":"approved",}"#),
        ("block comment", #"{"author_name":"A","author_email":"a@b.co","body":"Hi" /* c */}"#, #"{"title":"T" /* c */,"body_markdown":"x"}"#, #"{/* c */"status":"approved"}"#),
        ("line comment", "{\"author_name\":\"A\", // c\n\"author_email\":\"a@b.co\",\"body\":\"Hi\"}", "{\"title\":\"T\", // c\n\"body_markdown\":\"x\"}", "{\"status\":\"approved\"} // c"),
        ("single quotes", #"{'author_name':'A','author_email':'a@b.co','body':'Hi'}"#, #"{"title":'T',"body_markdown":"x"}"#, #"{'status':'approved'}"#),
        ("unquoted keys", #"{author_name:"A",author_email:"a@b.co",body:"Hi"}"#, #"{title:"T",body_markdown:"x"}"#, #"{status:"approved"}"#),
        ("NaN", #"{"author_name":"A","author_email":"a@b.co","body":"Hi","parent_id":NaN}"#, #"{"title":"T","body_markdown":"x","comments_open":NaN}"#, #"{"status":"approved","x":NaN}"#),
        ("Infinity", #"{"author_name":"A","author_email":"a@b.co","body":"Hi","parent_id":Infinity}"#, #"{"title":"T","body_markdown":"x","comments_open":-Infinity}"#, #"{"status":"approved","x":Infinity}"#),
        ("hexadecimal", #"{"author_name":"A","author_email":"a@b.co","body":"Hi","parent_id":0x1}"#, #"{"title":"T","body_markdown":"x","comments_open":0x0}"#, #"{"status":"approved","x":0x1}"#),
        ("leading plus", #"{"author_name":"A","author_email":"a@b.co","body":"Hi","parent_id":+1}"#, #"{"title":"T","body_markdown":"x","comments_open":+1}"#, #"{"status":"approved","x":+1}"#),
        ("escaped line break", "{\"author_name\":\"A\",\"author_email\":\"a@b.co\",\"body\":\"one\\\ntwo\"}", "{\"title\":\"T\",\"body_markdown\":\"one\\\ntwo\"}", "{\"status\":\"appro\\\nved\"}"),
    ]

    @Test(arguments: extensions)
    func eachExtensionIsA400OnEveryJSONRoute(_ example: (name: String, comment: String, post: String, moderation: String)) async throws {
        let site = try TestSite { $0.comments.moderation = .holdAll }
        let post = try await site.add(PostDraft(title: "Post", bodyMarkdown: "x", publishedAt: daysAgo(1)))
        let comments = site.blog.comments(settings: site.config.comments)
        let held = try await comments.submit(CommentDraft(authorName: "A", authorEmail: "a@b.co", body: "Held", clientHash: "x", origin: .api), to: post.post, now: site.clock.now)
        let heldID = try #require(held.comment?.id)
        let token = try await site.blog.tokens.create(name: "t", now: site.clock.now)
        let json: HTTPFields = [.contentType: "application/json"]
        var author = json
        author[.authorization] = "Bearer \(token)"
        let requests: [(HTTPRequest.Method, String, String, HTTPFields)] = [
            (.post, "/api/posts/post/comments", example.comment, json),
            (.post, "/api/posts", example.post, author),
            (.put, "/api/posts/post", example.post, author),
            (.patch, "/api/comments/\(heldID)", example.moderation, author),
        ]
        try await site.test { client async throws in
            for (method, uri, body, headers) in requests {
                let response = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(example.name): \(method) \(uri)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(example.name): \(method) \(uri)")
                let detail = try response.json()["detail"] as? String
                #expect(detail?.hasPrefix("The body is not valid JSON: ") == true, "\(example.name): \(detail ?? "")")
            }
        }
        let stored = try await site.database.reader.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment"), try String.fetchAll(db, sql: "SELECT title FROM post"),
             try String.fetchOne(db, sql: "SELECT status FROM comment"))
        }
        #expect(stored.0 == 1 && stored.1 == ["Post"] && stored.2 == "pending")
    }
}
