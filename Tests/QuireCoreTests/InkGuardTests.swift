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
        // Found by a 10-minute fuzz run: a backslash before `<p` hung Ink, closed or not.
        (#"\<p>"#, "<p>&lt;p&gt;</p>"),
        (#"a \<P> b"#, "<p>a &lt;P&gt; b</p>"),
        (#"\<pre"#, "<p>&lt;pre</p>"),
    ])
    func anUnclosedPTagIsTextNotAHang(markdown: String, html: String) {
        #expect(MarkdownRenderer().render(markdown).html == html)
    }

    @Test func closedTagsAreLeftAsTheyAreAndAnUnclosedOneIsEscapedInCodeToo() {
        #expect(InkGuard.guarded("<p>Hi</p> and <p") == "<p>Hi</p> and &lt;p")
        #expect(InkGuard.guarded("<p class=\"a\">x</p>") == "<p class=\"a\">x</p>")
        #expect(InkGuard.guarded("a <p b > c") == "a <p b > c")
        #expect(InkGuard.guarded("no tags at all") == "no tags at all")
        // Whether Ink reads the backticks as code depends on the block before them.
        #expect(InkGuard.guarded("```\n<p\n```\n<p") == "```\n&lt;p\n```\n&lt;p")
    }

    /// Each of these hung Ink after the guard took the backticks or tildes for code and left the
    /// `<p` or the brackets in them alone: after a list item Ink reads them as the item's text,
    /// and tildes are never code to Ink.
    @Test(arguments: [
        "-  = 0\n```\n\n![im s<pani",
        "~~~\n<p",
        "- a\n```\n" + String(repeating: "[", count: 30),
        "~~~\n" + String(repeating: "[", count: 30),
        "```\nx\n```" + String(repeating: "[", count: 30),
    ])
    func whatInkDoesNotReadAsCodeIsGuarded(markdown: String) {
        let start = ContinuousClock.now
        _ = MarkdownRenderer().render(markdown)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    /// Found by fuzzing: the guard took a line of backticks after an empty line for code, where
    /// Ink was closing a block it had opened, and left 40 brackets after it to Ink.
    @Test func bracketsAreLimitedInCodeTooAndParagraphsEndWhereInkEndsThem() {
        let hung = "# T" + String(repeating: "[", count: 30) + "\n\0\n```swift\n a = 0\n\n\n```![\n!["
            + String(repeating: "[", count: 40)
        let start = ContinuousClock.now
        _ = MarkdownRenderer().render(hung)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(InkGuard.openBracketsLimited("```\n[[[[\n```") == "```\n[[[&#91;\n```")
        // An empty line ends the paragraph, unless the line before ends in a hard break.
        #expect(InkGuard.openBracketsLimited("[[[\n\n[[[") == "[[[\n\n[[[")
        #expect(InkGuard.openBracketsLimited("[[[  \n\n\n[") == "[[[  \n\n\n&#91;")
        #expect(InkGuard.openBracketsLimited("[[[\\\n\n[") == "[[[\\\n\n&#91;")
        #expect(InkGuard.openBracketsLimited("[[[\n \n[") == "[[[\n \n&#91;")
    }

    @Test func manyOpenBracketsRenderAtOnceAndLinksStayLinks() {
        let start = ContinuousClock.now
        let html = MarkdownRenderer().render("Para `co" + String(repeating: "[", count: 40) + "x and [a link](https://x.example)").html
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(html.contains("&#91;"))
        #expect(MarkdownRenderer().render("[a link](https://x.example) and [[nested]]").html
            == #"<p><a href="https://x.example">a link</a> and [[nested]]</p>"#)
        #expect(InkGuard.openBracketsLimited("[[[[a\n\n[[[[b") == "[[[&#91;a\n\n[[[&#91;b")
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
