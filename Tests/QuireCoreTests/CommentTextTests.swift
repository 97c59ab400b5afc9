import Foundation
import Testing

@testable import QuireCore

@Suite struct CommentTextTests {
    @Test func paragraphsAndLineBreaksAreKept() {
        #expect(CommentText.html("one\ntwo\r\n\r\n\nthree") == "<p>one<br>\ntwo</p>\n<p>three</p>")
    }

    @Test func everythingIsEscaped() {
        let html = CommentText.html("<script>alert('x')</script> <img src=x onerror=alert(1)> & \"quotes\"")
        #expect(html == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</p>")
    }

    @Test func httpURLsBecomeNofollowLinksWithoutTrailingPunctuation() {
        let html = CommentText.html("See https://example.com/a?b=1&c=2. Or (http://x.example/path)!")
        #expect(html == "<p>See <a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">https://example.com/a?b=1&amp;c=2</a>. Or (<a href=\"http://x.example/path\" rel=\"nofollow ugc noopener\">http://x.example/path</a>)!</p>")
    }

    @Test func otherSchemesAndBrokenURLsStayText() {
        #expect(CommentText.html("javascript:alert(1) data:text/html,x") == "<p>javascript:alert(1) data:text/html,x</p>")
        #expect(CommentText.html("https://") == "<p>https://</p>")
        #expect(CommentText.html("xhttp://a.example") == "<p>xhttp://a.example</p>")
    }

    @Test func aQuoteEndsTheURLSoNoAttributeCanBeInjected() {
        let html = CommentText.html("https://a.example/\"onmouseover=\"alert(1)")
        #expect(html.contains("<a href=\"https://a.example/\" rel=\"nofollow ugc noopener\">https://a.example/</a>&quot;onmouseover=&quot;alert(1)"))
    }

    @Test func linkCounting() {
        #expect(CommentModeration.linkCount(in: "a http://x.example b https://y.example/z c http://") == 2)
    }

    @Test func threadsNestRepliesAndKeepOrphans() {
        func comment(_ id: Int64, parent: Int64? = nil) -> QuireCore.Comment {
            QuireCore.Comment(id: id, postID: 1, parentID: parent, depth: 1, authorName: "a", authorEmail: "a@b.co", authorURL: nil, body: "\(id)", status: .approved, createdAt: Date(), clientHash: "", userAgent: "")
        }
        let threads = CommentThread.threads(from: [comment(1), comment(2, parent: 1), comment(3), comment(4, parent: 2), comment(5, parent: 99)])
        #expect(threads.map { $0.comment.id } == [1, 3, 5])
        #expect(threads[0].replies.map { $0.comment.id } == [2])
        #expect(threads[0].replies[0].replies.map { $0.comment.id } == [4])
    }
}
