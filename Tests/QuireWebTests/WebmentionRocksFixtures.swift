import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The 23 discovery tests of the public webmention.rocks suite, made again as local pages: each
/// advertises its endpoint the way that test does (a `Link` field, a `<link>` or an `<a>`, with
/// the traps the test sets), and `WebmentionRocks` serves them on a loopback port and keeps every
/// Webmention POSTed to it. `{base}` stands for the server's own origin.
struct WebmentionRocksCase: Sendable {
    var number: Int
    var name: String
    /// `Link` fields, each as (field name, value), in order.
    var linkFields: [(name: String, value: String)] = []
    /// Markup in the page's `<head>`.
    var head: String = ""
    /// Markup in the post's content.
    var content: String
    /// Where the Webmention must go, from the origin (the query kept).
    var endpoint: String

    static let all: [WebmentionRocksCase] = [
        .init(number: 1, name: "HTTP Link header, unquoted rel, relative URL", linkFields: [("Link", "</test/1/webmention>; rel=webmention")],
              content: "This post advertises its Webmention endpoint with an HTTP <code>Link</code> header.", endpoint: "/test/1/webmention"),
        .init(number: 2, name: "HTTP Link header, unquoted rel, absolute URL", linkFields: [("Link", "<{base}/test/2/webmention>; rel=webmention")],
              content: "The endpoint is an absolute URL in the Link header.", endpoint: "/test/2/webmention"),
        .init(number: 3, name: "HTML <link> tag, relative URL", head: #"<link rel="webmention" href="/test/3/webmention">"#,
              content: "The endpoint is in a <code>&lt;link&gt;</code> tag.", endpoint: "/test/3/webmention"),
        .init(number: 4, name: "HTML <link> tag, absolute URL", head: #"<link href="{base}/test/4/webmention" rel="webmention">"#,
              content: "The endpoint is an absolute URL in a <code>&lt;link&gt;</code> tag.", endpoint: "/test/4/webmention"),
        .init(number: 5, name: "HTML <a> tag, relative URL",
              content: #"This post advertises its <a rel="webmention" href="/test/5/webmention">Webmention endpoint</a> in the body."#, endpoint: "/test/5/webmention"),
        .init(number: 6, name: "HTML <a> tag, absolute URL",
              content: #"This post advertises its <a href="{base}/test/6/webmention" rel="webmention">Webmention endpoint</a> in the body."#, endpoint: "/test/6/webmention"),
        .init(number: 7, name: "HTTP Link header with strange casing", linkFields: [("LinK", "<{base}/test/7/webmention>; rel=webmention")],
              content: "The field's name is spelled LinK.", endpoint: "/test/7/webmention"),
        .init(number: 8, name: "HTTP Link header, quoted rel", linkFields: [("Link", #"<{base}/test/8/webmention>; rel="webmention""#)],
              content: "The rel value is quoted.", endpoint: "/test/8/webmention"),
        .init(number: 9, name: "Multiple rel values on a <link> tag", head: #"<link rel="webmention somethingelse" href="{base}/test/9/webmention">"#,
              content: "The link tag has two rel values.", endpoint: "/test/9/webmention"),
        .init(number: 10, name: "Multiple rel values on a Link header", linkFields: [("Link", #"<{base}/test/10/webmention>; rel="webmention somethingelse""#)],
              content: "The Link header has two rel values.", endpoint: "/test/10/webmention"),
        .init(number: 11, name: "Multiple Webmention endpoints advertised: Link, <link>, <a>", linkFields: [("Link", #"</test/11/webmention>; rel="webmention""#)],
              head: #"<link rel="webmention" href="/test/11/webmention/error">"#,
              content: #"Also an <a href="/test/11/webmention/error" rel="webmention">&lt;a&gt; tag</a>; only the Link header's counts."#, endpoint: "/test/11/webmention"),
        .init(number: 12, name: "Checking for exact match of rel=webmention", head: #"<link rel="not-webmention" href="/test/12/webmention/error">"#,
              content: #"There is also a <a href="/test/12/webmention" rel="webmention">correct endpoint</a>."#, endpoint: "/test/12/webmention"),
        .init(number: 13, name: "False endpoint inside an HTML comment",
              content: #"A comment <!-- <a href="/test/13/webmention/error" rel="webmention"></a> --> and a <a href="/test/13/webmention" rel="webmention">correct endpoint</a>."#,
              endpoint: "/test/13/webmention"),
        .init(number: 14, name: "False endpoint in escaped HTML",
              content: #"Sample code: <code>&lt;a href="/test/14/webmention/error" rel="webmention"&gt;&lt;/a&gt;</code> and a <a href="/test/14/webmention" rel="webmention">correct endpoint</a>."#,
              endpoint: "/test/14/webmention"),
        .init(number: 15, name: "Webmention href is an empty string", head: #"<link rel="webmention" href="">"#,
              content: "The page is its own endpoint.", endpoint: "/test/15"),
        .init(number: 16, name: "Multiple Webmention endpoints advertised: <a>, <link>",
              content: #"An <a href="/test/16/webmention" rel="webmention">&lt;a&gt; tag</a> first, then <link rel="webmention" href="/test/16/webmention/error">"#,
              endpoint: "/test/16/webmention"),
        .init(number: 17, name: "Multiple Webmention endpoints advertised: <link>, <a>",
              content: #"A <link rel="webmention" href="/test/17/webmention"> first, then an <a href="/test/17/webmention/error" rel="webmention">&lt;a&gt; tag</a>."#,
              endpoint: "/test/17/webmention"),
        .init(number: 18, name: "Multiple HTTP Link headers",
              linkFields: [("Link", #"<{base}/test/18/webmention/error>; rel="other""#), ("Link", #"<{base}/test/18/webmention>; rel="webmention""#)],
              content: "Two Link fields, the first of another rel.", endpoint: "/test/18/webmention"),
        .init(number: 19, name: "Single HTTP Link header with multiple values",
              linkFields: [("Link", #"<{base}/test/19/webmention/error>; rel="other", <{base}/test/19/webmention>; rel="webmention""#)],
              content: "One Link field with two links.", endpoint: "/test/19/webmention"),
        .init(number: 20, name: "Link tag with no href attribute",
              content: #"A <link rel="webmention"> without href, then <a href="/test/20/webmention" rel="webmention">this endpoint</a>."#, endpoint: "/test/20/webmention"),
        .init(number: 21, name: "Webmention endpoint has query string parameters", head: #"<link rel="webmention" href="/test/21/webmention?query=yes">"#,
              content: "The endpoint's query must be kept.", endpoint: "/test/21/webmention?query=yes"),
        .init(number: 22, name: "Webmention endpoint is relative to the path", head: #"<link rel="webmention" href="22/webmention">"#,
              content: "The endpoint is relative to the page's path.", endpoint: "/test/22/webmention"),
        // The page redirects; its endpoint is relative to where it lands.
        .init(number: 23, name: "Webmention target is a redirect and the endpoint is relative",
              linkFields: [("Link", #"<webmention-endpoint/Rz8qX>; rel="webmention""#)],
              content: "This page was reached by a redirect.", endpoint: "/test/23/page/webmention-endpoint/Rz8qX"),
    ]

    /// The page as served from `base`.
    func page(base: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Webmention Rocks! Discovery Test #\(number)</title>
        \(head.replacingOccurrences(of: "{base}", with: base))
        </head><body><div class="post-container h-entry"><h1 class="p-name">\(name.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))</h1>
        <div class="e-content">\(content.replacingOccurrences(of: "{base}", with: base))</div></div></body></html>
        """
    }
}

/// Serves the discovery pages (`/test/N`; number 23 at `/test/23/page`, which redirects) and keeps
/// each POST made to it.
final class WebmentionRocks: Sendable {
    let base = Mutex("")
    let received = Mutex<[(path: String, body: String)]>([])

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/test/23/page") { _, _ in
            Response(status: .found, headers: [.location: "/test/23/page/Rz8qX"])
        }
        router.get("/test/23/page/Rz8qX") { [self] _, _ in page(WebmentionRocksCase.all[22]) }
        router.get("/test/{number}") { [self] _, context in
            guard let number = context.parameters.get("number", as: Int.self), (1...22).contains(number) else { return Response(status: .notFound) }
            return page(WebmentionRocksCase.all[number - 1])
        }
        router.add(middleware: EndpointMiddleware(rocks: self))
        return router
    }

    /// Takes every POST, whatever its path (an endpoint may be the page itself).
    struct EndpointMiddleware: RouterMiddleware {
        let rocks: WebmentionRocks

        func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
            guard request.method == .post else { return try await next(request, context) }
            let body = String(buffer: try await request.body.collect(upTo: 16 * 1024))
            rocks.received.withLock { $0.append((request.uri.description, body)) }
            return Response(status: .accepted)
        }
    }

    func url(of fixture: WebmentionRocksCase) -> String {
        base.withLock { $0 } + (fixture.number == 23 ? "/test/23/page" : "/test/\(fixture.number)")
    }

    private func page(_ fixture: WebmentionRocksCase) -> Response {
        let base = base.withLock { $0 }
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        for (name, value) in fixture.linkFields {
            headers.append(HTTPField(name: HTTPField.Name(name)!, value: value.replacingOccurrences(of: "{base}", with: base)))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: fixture.page(base: base))))
    }
}
