import Testing

@testable import QuireCore

/// Found by fuzzing (`scripts/fuzz.sh markdown`): Ink never returned from Markdown holding a `<p`
/// that no `>` follows, took time doubling with each open `[`, and read past the end of a list
/// followed by a last line of spaces. Each of these hung or stopped the process before `InkGuard`.
@Suite(.timeLimit(.minutes(1))) struct InkGuardTests {
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
        #expect(InkGuard.guarded("<p>Hi</p> and <p") == "<p>Hi</p> and &lt;p")
        #expect(InkGuard.guarded("<p class=\"a\">x</p>") == "<p class=\"a\">x</p>")
        #expect(InkGuard.guarded("a <p b > c") == "a <p b > c")
        #expect(InkGuard.guarded("```\n<p\n```\n<p") == "```\n<p\n```\n&lt;p")
        #expect(InkGuard.unclosedPTagsEscaped("~~~\r\n<p\r\n") == "~~~\r\n<p\r\n")
        #expect(InkGuard.guarded("no tags at all") == "no tags at all")
        #expect(MarkdownRenderer().render("```\n<p\n```").html.contains("&lt;p"))
    }

    @Test func manyOpenBracketsRenderAtOnceAndLinksStayLinks() {
        let start = ContinuousClock.now
        let html = MarkdownRenderer().render("Para `co" + String(repeating: "[", count: 40) + "x and [a link](https://x.example)").html
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(html.contains("&#91;"))
        #expect(MarkdownRenderer().render("[a link](https://x.example) and [[nested]]").html
            == #"<p><a href="https://x.example">a link</a> and [[nested]]</p>"#)
        #expect(InkGuard.openBracketsLimited("[[[[a\n\n[[[[b") == "[[[&#91;a\n\n[[[&#91;b")
        #expect(InkGuard.openBracketsLimited("```\n[[[[[\n```") == "```\n[[[[[\n```")
    }

    /// Each of these stopped the process with "String index is out of bounds" before `InkGuard`.
    @Test(arguments: [
        ("- a\n ", "<ul><li>a</li></ul>"),
        ("- a\n\t", "<ul><li>a</li></ul>"),
        ("1. a\n  ", "<ol><li>a</li></ol>"),
        ("- a\n- b\n   \n \n", "<ul><li>a</li><li>b</li></ul>"),
    ])
    func aListEndingInALineOfSpacesRendersWithoutReadingPastTheEnd(markdown: String, html: String) {
        #expect(MarkdownRenderer().render(markdown).html == html)
    }

    @Test func whitespaceOnlyAtTheVeryEndIsDropped() {
        #expect(InkGuard.trailingWhitespaceDropped("a  \n\t \n") == "a")
        #expect(InkGuard.trailingWhitespaceDropped("   ") == "")
        #expect(InkGuard.trailingWhitespaceDropped("a\n  b") == "a\n  b")
        #expect(InkGuard.trailingWhitespaceDropped("") == "")
    }
}
