import Foundation
import Testing

@testable import QuireCore

/// The parsers Webmention reads other sites with: HTML start tags, `Link` fields, discovery and
/// the check that a source links to its target.
@Suite struct WebmentionParsingTests {
    @Test func startTagsAreReadAsABrowserReadsThem() {
        let html = """
            <!DOCTYPE html><HTML><head><title>A &amp; B</title><!-- <a href="/hidden" rel="webmention"> -->
            <script>var a = "<a href='/in-script'>";</script><style>a{}</style></head>
            <body><A HREF=/unquoted Rel='webmention me'>x</A> &lt;a href="/escaped"&gt;
            <img src="/i.png" alt="x > y"><a href="/first" href="/second"><a href="/x&amp;y">
            <a data-x="1" hidden><a href="/end"
            """
        let tags = HTMLTags.startTags(in: html, named: ["a", "img"])
        #expect(tags.map { $0.attributes["href"] ?? $0.attributes["src"] ?? "-" } == ["/unquoted", "/i.png", "/first", "/x&y", "-", "/end"])
        #expect(tags[0].relTokens == ["webmention", "me"])
        #expect(tags[1].attributes["alt"] == "x > y")
        #expect(tags[4].attributes["hidden"] == "")
        #expect(HTMLTags.title(in: html) == "A & B")
        #expect(HTMLTags.startTags(in: "<script>never closed <a href=x>").map(\.name) == ["script"])
        // Comments end as a browser ends them; an end tag needs its whole name.
        #expect(HTMLTags.startTags(in: #"<!--><a href="/1"><!---><a href="/2"><!-- x --!><a href="/3">"#).compactMap { $0.attributes["href"] } == ["/1", "/2", "/3"])
        #expect(HTMLTags.startTags(in: #"<script>a</scripts><a href="/no"></SCRIPT ><a href="/yes">"#, named: ["a"]).compactMap { $0.attributes["href"] } == ["/yes"])
        #expect(HTMLTags.startTags(in: "<").isEmpty && HTMLTags.startTags(in: "<!--").isEmpty && HTMLTags.startTags(in: "<a href='").count == 1)
    }

    @Test func linkFieldsAreSplitOnlyBetweenLinks() {
        let links = LinkHeader.links(in: #"<https://a.example/x?a=1,2>; rel="webmention other"; title="a, b; c", </y>;REL=next,<z>"#)
        #expect(links == [
            WebLink(target: "https://a.example/x?a=1,2", relations: ["webmention", "other"]),
            WebLink(target: "/y", relations: ["next"]),
            WebLink(target: "z", relations: []),
        ])
        #expect(LinkHeader.links(in: "garbage").isEmpty)
        #expect(LinkHeader.links(in: #"<a>; rel="unclosed"#).map(\.relations) == [["unclosed"]])
    }

    @Test func discoveryTakesTheLinkFieldFirstAndResolvesAgainstTheFinalURL() {
        let page = "https://site.example/notes/1?x=2"
        #expect(WebmentionDiscovery.endpoint(pageURL: page, linkFields: ["<wm>; rel=webmention"], body: #"<link rel="webmention" href="/other">"#, isHTML: true)
            == "https://site.example/notes/wm")
        #expect(WebmentionDiscovery.endpoint(pageURL: page, linkFields: [], body: #"<a rel="webmention" href="">"#, isHTML: true) == page)
        #expect(WebmentionDiscovery.endpoint(pageURL: page, linkFields: [], body: #"<a rel="webmention" href="/wm">"#, isHTML: false) == nil)
        #expect(WebmentionDiscovery.endpoint(pageURL: page, linkFields: [], body: #"<a rel="webmention" href="javascript:alert(1)">"#, isHTML: true) == nil)
    }

    @Test func aSourceMentionsATargetByAnyLinkingElementOrByItsText() {
        let source = WebmentionSource(
            pageURL: "https://site.example/notes/1",
            body: #"<meta name="author" content=" Ann  Example "><p><a href="https://blog.example/posts/kites#comments">kites</a><img src="/pic.png"></p>"#,
            isHTML: true
        )
        #expect(source.mentions("https://blog.example/posts/kites"))
        #expect(source.mentions("https://site.example/pic.png"))
        #expect(!source.mentions("https://blog.example/posts/kite"))
        #expect(source.author == "Ann Example" && source.title == nil)
        #expect(!WebmentionSource(pageURL: "https://site.example/", body: "<!-- https://blog.example/posts/kites -->", isHTML: true).mentions("https://blog.example/posts/kites"))
        #expect(WebmentionSource(pageURL: "https://site.example/", body: "see https://blog.example/posts/kites", isHTML: false).mentions("https://blog.example/posts/kites"))
    }

    @Test func aPostLinksToOtherSitesOnceEachInOrder() {
        let html = #"<p><a href="https://b.example/1">1</a> <a href="/posts/own">own</a> <a href="https://a.example/2#x">2</a> <a href="https://b.example/1">again</a> <a href="mailto:x@y.example">m</a></p>"#
        #expect(WebmentionSource.outgoingLinks(inPostHTML: html, pageURL: "https://blog.example/posts/p", ownHost: "blog.example") == ["https://b.example/1", "https://a.example/2"])
        #expect(WebmentionSource.outgoingLinks(inPostHTML: html, pageURL: "https://blog.example/posts/p", ownHost: "blog.example", limit: 1) == ["https://b.example/1"])
        // Another port of the same host is another site.
        let ports = #"<a href="http://127.0.0.1:8080/posts/own">own</a> <a href="http://127.0.0.1:9090/page">other</a>"#
        #expect(WebmentionSource.outgoingLinks(inPostHTML: ports, pageURL: "http://127.0.0.1:8080/posts/p", ownHost: "127.0.0.1:8080") == ["http://127.0.0.1:9090/page"])
    }
}
