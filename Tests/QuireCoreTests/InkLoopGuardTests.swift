import Testing

@testable import QuireCore

/// Found by fuzzing (`scripts/fuzz.sh markdown`): Ink never returned from Markdown holding a `<p`
/// that no `>` follows, and took time doubling with each open `[`. Each of these hung the
/// renderer before `InkLoopGuard`.
@Suite(.timeLimit(.minutes(1))) struct InkLoopGuardTests {
    @Test(arguments: [
        ("<p", "<p>&lt;p</p>"),
        ("a <p", "<p>a &lt;p</p>"),
        ("<P x\n\nmore", "<p>&lt;P x</p><p>more</p>"),
        ("# <pre", "<h1>&lt;pre</h1>"),
        ("    <p", "<p>&lt;p</p>"),
    ])
    func anUnclosedPTagIsTextNotAHang(markdown: String, html: String) {
        #expect(MarkdownRenderer().render(markdown).html == html)
    }

    @Test func closedTagsAndFencedCodeAreLeftAsTheyAre() {
        #expect(InkLoopGuard.guarded("<p>Hi</p> and <p") == "<p>Hi</p> and &lt;p")
        #expect(InkLoopGuard.guarded("<p class=\"a\">x</p>") == "<p class=\"a\">x</p>")
        #expect(InkLoopGuard.guarded("a <p b > c") == "a <p b > c")
        #expect(InkLoopGuard.guarded("```\n<p\n```\n<p") == "```\n<p\n```\n&lt;p")
        #expect(InkLoopGuard.guarded("~~~\r\n<p\r\n") == "~~~\r\n<p\r\n")
        #expect(InkLoopGuard.guarded("no tags at all") == "no tags at all")
        #expect(MarkdownRenderer().render("```\n<p\n```").html.contains("&lt;p"))
    }

    @Test func manyOpenBracketsRenderAtOnceAndLinksStayLinks() {
        let start = ContinuousClock.now
        let html = MarkdownRenderer().render("Para `co" + String(repeating: "[", count: 40) + "x and [a link](https://x.example)").html
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(html.contains("&#91;"))
        #expect(MarkdownRenderer().render("[a link](https://x.example) and [[nested]]").html
            == #"<p><a href="https://x.example">a link</a> and [[nested]]</p>"#)
        #expect(InkLoopGuard.openBracketsLimited("[[[[a\n\n[[[[b") == "[[[&#91;a\n\n[[[&#91;b")
        #expect(InkLoopGuard.openBracketsLimited("```\n[[[[[\n```") == "```\n[[[[[\n```")
    }
}
