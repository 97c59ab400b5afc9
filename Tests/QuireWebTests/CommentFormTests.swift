import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct CommentFormTests {
    static func openSite(_ configure: @escaping (inout QuireConfig) -> Void = { _ in }) throws -> TestSite {
        try TestSite {
            $0.comments.moderation = .open
            configure(&$0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func formHasWordPressNamesHeadingNoteAndAHiddenHoneypot(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let html = try await client.execute(uri: "/posts/post", method: .get).text
                #expect(html.contains(#"<section id="comments""#))
                #expect(html.contains(#"<form id="commentform" class="comment-form" method="post" action="/posts/post/comments">"#))
                #expect(html.contains(">Leave a Reply</h2>"))
                #expect(html.contains("Your email address will not be published. Required fields are marked <span class=\"required\">*</span>"))
                #expect(html.contains(#"<textarea id="comment" name="comment""#))
                for field in ["author", "email", "url"] { #expect(html.contains(#"name="\#(field)""#)) }
                #expect(html.contains(#"<input type="hidden" name="comment_parent" id="comment_parent" value="0">"#))
                #expect(html.contains(#"<input type="hidden" name="form_token" value=""#))
                #expect(html.contains(#"<input id="homepage" name="homepage" type="text" value="" tabindex="-1" autocomplete="off">"#))
                let css = try await client.execute(uri: "/static/css/quire.css", method: .get).text
                #expect(css.contains(".comment-form-homepage { position: absolute; left: -10000px;"))
                let sectionOrder = [#"<article class="post">"#, #"<section id="comments""#, #"<form id="commentform""#]
                var position = html.startIndex
                for fragment in sectionOrder {
                    let found = try #require(html.range(of: fragment, range: position..<html.endIndex), "\(fragment)")
                    position = found.upperBound
                }
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func approvedCommentRedirectsToItsAnchorAndShowsAtOnce(engine: DatabaseEngine) async throws {
        let site = try Self.openSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let response = try await client.postComment(slug: "post", goodComment("First!\n\nSecond paragraph\nwith a break"))
                #expect(response.status == .seeOther)
                let location = try #require(response.headers[.location])
                #expect(location.hasPrefix("/posts/post#comment-"))
                let id = location.dropFirst("/posts/post#comment-".count)
                let html = try await client.execute(uri: "/posts/post", method: .get).text
                #expect(html.contains(#"<article id="comment-\#(id)" class="comment">"#))
                #expect(html.contains("<p>First!</p>\n<p>Second paragraph<br>\nwith a break</p>"))
                #expect(html.contains(">One comment</h2>"))
                #expect(html.contains(#"href="/posts/post?replytocom=\#(id)#respond">Reply</a>"#))
                let index = try await client.execute(uri: "/", method: .get).text
                #expect(index.contains(#"<a href="/posts/post#comments">1 comment</a>"#))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func heldCommentRedirectsToTheModerationNoteAndStaysHidden(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let response = try await client.postComment(slug: "post", goodComment("Waiting for approval"))
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/posts/post?moderation=pending#comments")
                let html = try await client.execute(uri: "/posts/post?moderation=pending", method: .get).text
                #expect(html.contains("Your comment is awaiting moderation."))
                #expect(!html.contains("Waiting for approval"))
                #expect(!(try await client.execute(uri: "/posts/post", method: .get).text.contains("awaiting moderation")))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func invalidInputIs422WithEachErrorBesideItsFieldAndValuesKept(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let response = try await client.postComment(slug: "post", [
                    ("comment", "   "), ("author", "Mallory <b>\"quoted\"</b>"), ("email", "not-an-email"),
                    ("url", "javascript:alert(1)"), ("comment_parent", "0"),
                ])
                #expect(response.status == .unprocessableContent)
                let html = response.text
                #expect(html.contains(#"<textarea id="comment" name="comment" cols="45" rows="8" required aria-invalid="true" aria-describedby="comment-error">   </textarea>"#))
                #expect(html.contains(#"<span class="field-error" id="comment-error">Please write a comment.</span>"#))
                #expect(html.contains(#"value="Mallory &lt;b&gt;&quot;quoted&quot;&lt;/b&gt;""#))
                #expect(html.contains(#"value="not-an-email""#))
                #expect(html.contains(#"<span class="field-error" id="email-error">Please enter a valid email address, such as name@example.com.</span>"#))
                #expect(html.contains(#"value="javascript:alert(1)""#))
                #expect(html.contains(#"<span class="field-error" id="url-error">"#))
                #expect(!html.contains(#"id="author-error""#))
                #expect(!html.contains("<b>\"quoted\""))
                #expect(try await site.blog.integer("SELECT COUNT(*) FROM comment") == 0)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func tooLongCommentAndControlCharactersAre422(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.comments.maxCommentLength = 20 }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let long = try await client.postComment(slug: "post", goodComment(String(repeating: "a", count: 21)))
                #expect(long.status == .unprocessableContent)
                #expect(long.text.contains("Your comment is 21 characters long; the limit is 20."))
                let control = try await client.postComment(slug: "post", goodComment("ring\u{07}bell"))
                #expect(control.status == .unprocessableContent)
                #expect(control.text.contains("control characters"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func invalidUTF8IsReportedBesideItsField(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let token = try await client.formToken(slug: "post")
                let body = "comment=ok&author=%FF%FEbad&email=a%40b.co&comment_parent=0&form_token=\(token)"
                let response = try await client.execute(uri: "/posts/post/comments", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains(#"<span class="field-error" id="author-error">This contains bytes that are not valid UTF-8 text"#))
            }
        }
    }

    @Test(arguments: ["", "garbage", "12345.0123456789abcdef0123456789abcdef01234567"])
    func missingOrForgedTokenIs400WithValuesKept(token: String) async throws {
        let site = try TestSite()
        try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
        try await site.test { client in
            let response = try await client.postComment(slug: "post", goodComment("Keep my words"), token: token)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("please send it again"))
            #expect(response.text.contains(">Keep my words</textarea>"))
            #expect(response.text.contains(#"value="reader@example.com""#))
        }
    }

    @Test(arguments: TestPostgres.engines)
    func expiredTokenIs400(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            let post = try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            let secret = try await SiteSecret.load(configured: "", settings: site.blog.settings)
            let old = FormTokens(secret: secret).token(postID: try #require(post.post.id), now: site.clock.now.addingTimeInterval(-40 * 3600))
            let fresh = FormTokens(secret: secret).token(postID: try #require(post.post.id), now: site.clock.now)
            try await site.test { client in
                let expired = try await client.postComment(slug: "post", goodComment(), token: old)
                #expect(expired.status == .badRequest)
                let current = try await client.postComment(slug: "post", goodComment(), token: fresh)
                #expect(current.status == .seeOther)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func tokenOfAnotherPostIsRefused(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "One", bodyMarkdown: "x"))
            try await site.add(PostDraft(title: "Two", bodyMarkdown: "x"))
            try await site.test { client in
                let token = try await client.formToken(slug: "one")
                #expect(try await client.postComment(slug: "two", goodComment(), token: token).status == .badRequest)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func honeypotAnswersLikeAHeldCommentAndStoresSpam(engine: DatabaseEngine) async throws {
        let site = try Self.openSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let response = try await client.postComment(slug: "post", goodComment("Buy now") + [("homepage", "http://spam.example")])
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/posts/post?moderation=pending#comments")
                let statuses = try await site.blog.strings("SELECT status FROM comment").compactMap { $0 }
                #expect(statuses == ["spam"])
                #expect(!(try await client.execute(uri: "/posts/post", method: .get).text.contains("Buy now")))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func closedPostsShowTheNoteAndRefusePostsWith403(engine: DatabaseEngine) async throws {
        let site = try Self.openSite { $0.comments.closeCommentsAfterDays = 30 }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Flagged", bodyMarkdown: "x", commentsOpen: false))
            try await site.add(PostDraft(title: "Old", bodyMarkdown: "x", publishedAt: daysAgo(31)))
            try await site.add(PostDraft(title: "Fresh", bodyMarkdown: "x", publishedAt: daysAgo(29)))
            try await site.test { client in
                for slug in ["flagged", "old"] {
                    let html = try await client.execute(uri: "/posts/\(slug)", method: .get).text
                    #expect(html.contains("Comments are closed."))
                    #expect(!html.contains("commentform"))
                    let response = try await client.postComment(slug: slug, goodComment(), token: "0.0")
                    #expect(response.status == .forbidden)
                    #expect(response.text.contains("Comments are closed."))
                }
                #expect(try await client.execute(uri: "/posts/fresh", method: .get).text.contains("commentform"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func rateLimitAnswers429WithRetryAfter(engine: DatabaseEngine) async throws {
        let site = try Self.openSite { $0.comments.commentRateLimit = 2 }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                #expect(try await client.postComment(slug: "post", goodComment("one")).status == .seeOther)
                #expect(try await client.postComment(slug: "post", goodComment("two")).status == .seeOther)
                let third = try await client.postComment(slug: "post", goodComment("three"))
                #expect(third.status == .tooManyRequests)
                let retryAfter = try #require(third.headers[.retryAfter].flatMap(Int.init))
                #expect((1...60).contains(retryAfter))
                #expect(third.text.contains(">three</textarea>"))
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func oversizedBodyIs413AndOtherContentTypesAre415(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let huge = "comment=" + String(repeating: "a", count: 70 * 1024)
                let tooLarge = try await client.execute(uri: "/posts/post/comments", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: huge))
                #expect(tooLarge.status == .contentTooLarge)
                let json = try await client.execute(uri: "/posts/post/comments", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
                #expect(json.status == .unsupportedMediaType)
                let none = try await client.execute(uri: "/posts/post/comments", method: .post, body: ByteBuffer(string: "comment=x"))
                #expect(none.status == .unsupportedMediaType)
                let unknownPost = try await client.postComment(slug: "nothing", goodComment(), token: "x")
                #expect(unknownPost.status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func multipartFormIsAccepted(engine: DatabaseEngine) async throws {
        let site = try Self.openSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let token = try await client.formToken(slug: "post")
                let boundary = "----QuireBoundary7MA4YWxk"
                var body = ""
                for (name, value) in goodComment("Sent as multipart — ünïcode") + [("form_token", token)] {
                    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
                }
                body += "--\(boundary)--\r\n"
                let response = try await client.execute(uri: "/posts/post/comments", method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: body))
                #expect(response.status == .seeOther)
                #expect(try await client.execute(uri: "/posts/post", method: .get).text.contains("Sent as multipart — ünïcode"))
                let broken = try await client.execute(uri: "/posts/post/comments", method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: "no parts at all"))
                #expect(broken.status == .badRequest)
                // A part with no header lines at all (the blank line straight after the boundary).
                let headerless = try await client.execute(uri: "/posts/post/comments", method: .post, headers: [.contentType: "multipart/form-data; boundary=B"], body: ByteBuffer(string: "--B\r\n\r\nx\r\n--B--"))
                #expect(headerless.status == .badRequest)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func repliesNestInsideTheirParentAndStopAtTheThreadDepth(engine: DatabaseEngine) async throws {
        let site = try Self.openSite { $0.comments.threadDepth = 2 }
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let first = try await client.postComment(slug: "post", goodComment("Parent comment"))
                let parentID = try #require(first.headers[.location]?.split(separator: "-").last.map(String.init))

                let replyPage = try await client.execute(uri: "/posts/post?replytocom=\(parentID)", method: .get).text
                #expect(replyPage.contains(">Leave a Reply to Reader</h2>"))
                #expect(replyPage.contains(#"<a rel="nofollow" href="/posts/post#respond">Cancel reply</a>"#))
                #expect(replyPage.contains(#"name="comment_parent" id="comment_parent" value="\#(parentID)""#))

                let reply = try await client.postComment(slug: "post", [("comment", "Child reply"), ("author", "Kid"), ("email", "kid@example.com"), ("comment_parent", parentID)])
                #expect(reply.status == .seeOther)
                let replyID = try #require(reply.headers[.location]?.split(separator: "-").last.map(String.init))

                let html = try await client.execute(uri: "/posts/post", method: .get).text
                let parentStart = try #require(html.range(of: #"<article id="comment-\#(parentID)""#))
                let childStart = try #require(html.range(of: #"<article id="comment-\#(replyID)""#))
                #expect(parentStart.lowerBound < childStart.lowerBound)
                let between = html[parentStart.upperBound..<childStart.lowerBound]
                #expect(between.contains(#"<ol class="comment-replies">"#))
                #expect(!between.contains("</article>"), "the reply must sit inside its parent's <article>")
                #expect(html.contains("replytocom=\(parentID)#respond"))
                #expect(!html.contains("replytocom=\(replyID)#respond"))

                let tooDeep = try await client.postComment(slug: "post", [("comment", "Grandchild"), ("author", "G"), ("email", "g@example.com"), ("comment_parent", replyID)])
                #expect(tooDeep.status == .unprocessableContent)
                #expect(tooDeep.text.contains("Replies can&#39;t be nested more than 2 levels deep."))
                #expect(tooDeep.text.contains(">Grandchild</textarea>"))

                let bogus = try await client.postComment(slug: "post", [("comment", "x"), ("author", "G"), ("email", "g@example.com"), ("comment_parent", "abc")])
                #expect(bogus.status == .unprocessableContent)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func hostileNamesURLsAndBodiesAreEscapedAndEmailsNeverShown(engine: DatabaseEngine) async throws {
        let site = try Self.openSite()
        try await site.on(engine) { site in
            try await site.add(PostDraft(title: "Post", bodyMarkdown: "x"))
            try await site.test { client in
                let response = try await client.postComment(slug: "post", [
                    ("comment", "<script>alert(1)</script><img src=x onerror=alert(2)> see https://ok.example/?q=<b>"),
                    ("author", "<img src=x onerror=alert(3)>"),
                    ("email", "secret.person@example.com"),
                    ("url", "https://evil.example/\"><script>alert(4)</script>"),
                    ("comment_parent", "0"),
                ])
                #expect(response.status == .unprocessableContent)
                let accepted = try await client.postComment(slug: "post", [
                    ("comment", "<script>alert(1)</script><img src=x onerror=alert(2)> see https://ok.example/?q=1"),
                    ("author", "<img src=x onerror=alert(3)>"),
                    ("email", "secret.person@example.com"),
                    ("url", "https://site.example/path?a=1&b=2"),
                    ("comment_parent", "0"),
                ])
                #expect(accepted.status == .seeOther)
                let html = try await client.execute(uri: "/posts/post", method: .get).text
                #expect(!html.contains("<script>alert"))
                #expect(!html.contains("<img src=x"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"))
                #expect(html.contains(#"<a href="https://site.example/path?a=1&amp;b=2" rel="nofollow ugc noopener">&lt;img src=x onerror=alert(3)&gt;</a>"#))
                #expect(html.contains(#"<a href="https://ok.example/?q=1" rel="nofollow ugc noopener">"#))
                #expect(!html.contains("secret.person"))
                #expect(!html.contains("unknown"))
                let api = try await client.execute(uri: "/api/posts/post/comments", method: .get).text
                #expect(!api.contains("secret.person"))
                #expect(!api.contains("client"))
            }
        }
    }
}
