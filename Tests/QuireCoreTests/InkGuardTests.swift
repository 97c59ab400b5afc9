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
        #expect(Self.rendersQuickly(markdown))
    }

    /// Found by fuzzing: the guard took a line of backticks after an empty line for code, where
    /// Ink was closing a block it had opened, and left 40 brackets after it to Ink.
    @Test func bracketsAreLimitedInCodeTooAndParagraphsEndWhereInkEndsThem() {
        let hung = "# T" + String(repeating: "[", count: 30) + "\n\0\n```swift\n a = 0\n\n\n```![\n!["
            + String(repeating: "[", count: 40)
        #expect(Self.rendersQuickly(hung))
        #expect(InkGuard.openBracketsLimited("```\n[[[[\n```") == "```\n\\[\\[\\[[\n```")
        // An empty line ends a link's text, unless the line before ends in a hard break.
        #expect(InkGuard.openBracketsLimited("[[[\n\n[[[") == "\\[\\[[\n\n\\[\\[[")
        #expect(InkGuard.openBracketsLimited("[[[  \n\n\n[") == "\\[\\[\\[  \n\n\n[")
        #expect(InkGuard.openBracketsLimited("[[[\\\n\n[") == "\\[\\[\\[\\\n\n[")
        #expect(InkGuard.openBracketsLimited("[[[\n \n[") == "\\[\\[\\[\n \n[")
    }

    @Test func manyOpenBracketsRenderAtOnceAndLinksStayLinks() {
        let markdown = "Para `co" + String(repeating: "[", count: 40) + "x and [a link](https://x.example)"
        #expect(Self.rendersQuickly(markdown))
        let html = MarkdownRenderer().render(markdown).html
        #expect(html.filter { $0 == "[" }.count == 40)
        #expect(MarkdownRenderer().render("[a link](https://x.example) and [[nested]]").html
            == #"<p><a href="https://x.example">a link</a> and [[nested]]</p>"#)
        #expect(InkGuard.openBracketsLimited("[[[[a\n\n[[[[b") == "\\[\\[\\[[a\n\n\\[\\[\\[[b")
    }

    /// Each of these ran for minutes under earlier guards, which counted the `[` open across the
    /// text and took a `]` for closing where Ink never reads it: after a backslash, inside inline
    /// code, an element (which runs over empty lines), an entity or a link's target. Reviews of
    /// Ink's reader found them; the fuzz runs had not.
    @Test(arguments: [
        String(repeating: #"[\]"#, count: 30),
        String(repeating: "[`]` ", count: 30),
        String(repeating: "[[[<b>\n\n</b>", count: 10),
        String(repeating: "[&]; ", count: 30),
        String(repeating: "[[a](x]y) ", count: 30),
        // Ink reads no element in a code block: the text after it is Markdown again.
        "```\nArray<Int>\n```\n\n" + String(repeating: "[`]` ", count: 30),
        // From a second review: after a backslash Ink starts no code or element, and a `;` that
        // a later pass or the guard itself wrote ended an entity Ink was reading.
        String(repeating: "[\\`x`]`\n", count: 25),
        String(repeating: "[\\<b></b>]<//b/>\n", count: 25),
        String(repeating: "[&]\\<p/> ", count: 25),
        String(repeating: "[&]<p ", count: 25),
        "[[[" + String(repeating: "&`[`]`\n[", count: 25),
        // From a third: where Ink reads a link's text as plain Markdown, or a block raw, a code
        // span hid the `]` the guard had counted, and none of these hundred bytes were escaped.
        "[[a]b](`)" + String(repeating: "]`[`", count: 22),
        "[a\n-b](`)" + String(repeating: "]`[`", count: 22),
        "[a<p>x</p>](`)" + String(repeating: "]`[`", count: 22),
        "- a<p>`</p>" + String(repeating: "]`[`", count: 22),
        "> a<p>`</p>" + String(repeating: "]`[`", count: 22),
        "```\na\n```" + String(repeating: "[`]`", count: 22),
        "```\n<b>\n```\n`</b>" + String(repeating: "]`[`", count: 22),
        "[a]: <b>\n`</b>" + String(repeating: "]`[`", count: 22),
        "---\nk: <b>\n---\n`</b>" + String(repeating: "]`[`", count: 22),
    ])
    func aBracketInkDoesNotSeeDoesNotCloseOne(markdown: String) {
        #expect(Self.rendersQuickly(markdown))
    }

    /// A `[` is kept only when the `[` its text meets make links; one that fails inside another
    /// is what doubles Ink's time, so the outer one is written `\[`.
    @Test func aBracketIsKeptWhereInkTriesItQuickly() {
        #expect(InkGuard.openBracketsLimited(#"[\][\][\][\]"#) == #"\[\]\[\]\[\][\]"#)
        #expect(InkGuard.openBracketsLimited("[`]`[`]`[`]`[`]`") == "\\[`]`\\[`]`\\[`]`[`]`")
        #expect(InkGuard.openBracketsLimited("[<b>\n\n]</b>[[[") == "\\[<b>\n\n]</b>\\[\\[[")
        #expect(InkGuard.openBracketsLimited("[<br/>][x]") == "\\[<br/>][x]")
        #expect(InkGuard.openBracketsLimited("[a](x]y)[[[[") == "[a](x]y)\\[\\[\\[[")
        // Ink reads no element in a code block: the text after it is Markdown again.
        #expect(InkGuard.openBracketsLimited("```\nArray<Int>\n```\n\n[`]`[`]`[`]`[`]`") == "```\nArray<Int>\n```\n\n\\[`]`\\[`]`\\[`]`[`]`")
        #expect(InkGuard.openBracketsLimited("[[<b>[</b>[") == "\\[\\[<b>\\[</b>[")
        // Inline code keeps its brackets, and so do links inside a link's text.
        #expect(InkGuard.openBracketsLimited("`a[0]` `b[1]` `c[2]` `d[3]` [e]") == "`a[0]` `b[1]` `c[2]` `d[3]` [e]")
        #expect(InkGuard.openBracketsLimited("[a [b](c) d](e) [![alt](s.png)](https://x.example)") == "[a [b](c) d](e) [![alt](s.png)](https://x.example)")
    }

    /// Ink reads ahead from each `&`, `<` and link `(` to the end of the line or the text when
    /// nothing ends it: two reviews timed these at 5 s to minutes before the guard.
    @Test(arguments: [
        String(repeating: "&", count: 10_000),
        String(repeating: "<b ", count: 20_000),
        String(repeating: "[](", count: 16_000),
        String(repeating: String(repeating: "&", count: 256) + " ", count: 236),
        "![![![" + String(repeating: "ab ", count: 20_000),
        "|![![![" + String(repeating: "ab ", count: 6_000),
        String(repeating: "<b ", count: 64) + String(repeating: "x", count: 60_000),
        String(repeating: String(repeating: "[](", count: 85) + "\n", count: 235),
        // From the third review: the guard's own reading of `[&…;` was quadratic, a table as
        // wide as its widest row and a long reference URL at each use made megabytes.
        String(repeating: "[&", count: 15_000) + ";",
        String(repeating: "|", count: 1_000) + "\n" + String(repeating: "|a|\n", count: 1_000),
        "[x]: " + String(repeating: "u", count: 30_000) + "\n\n" + String(repeating: "[a][x]", count: 5_000),
    ])
    func whatInkWouldReadFarForNothingIsWrittenAsItShowsIt(markdown: String) {
        #expect(Self.rendersQuickly(markdown))
    }

    @Test func onlyWhatInkWouldReadFarForNothingIsEscaped() {
        let far = String(repeating: "a", count: InkGuard.maxScan)
        #expect(InkGuard.longEntityScansEscaped("&" + far) == "&amp;" + far)
        #expect(InkGuard.longEntityScansEscaped("&" + far + ";") == "&" + far + ";")
        #expect(InkGuard.longEntityScansEscaped("a && b &amp; c&d") == "a && b &amp; c&d")
        let tags = String(repeating: "<b ", count: InkGuard.maxUnclosedTags + 1)
        #expect(InkGuard.unclosedTagsEscaped(tags) == String(repeating: "&lt;b ", count: InkGuard.maxUnclosedTags + 1))
        #expect(InkGuard.unclosedTagsEscaped("<b>x</b> a<b c <p") == "<b>x</b> a<b c &lt;p")
        #expect(InkGuard.unclosedTagsEscaped("a < b <") == "a < b <")
        #expect(InkGuard.openBracketsLimited("[a](" + far + "\n[b](c)") == "[a]\\(" + far + "\n[b](c)")
        #expect(InkGuard.openBracketsLimited("[a](x\n[b](c)") == "[a](x\n[b](c)")
        #expect(MarkdownRenderer().render("[a](" + far).html == "<p>[a](" + far + "</p>")
        let row = "|" + String(repeating: "a|", count: InkGuard.maxTableCells + 2)
        #expect(InkGuard.tableCellsLimited(row) == "|" + String(repeating: "a|", count: InkGuard.maxTableCells) + "a\\|a\\|")
        #expect(InkGuard.tableCellsLimited("a | b\n| c | d |") == "a | b\n| c | d |")
        let url = "https://x.example/" + String(repeating: "u", count: InkGuard.maxDeclaredURL)
        #expect(InkGuard.longDeclarationsEscaped("[x]: \(url)\n[y]: https://y.example") == "\\[x]: \(url)\n[y]: https://y.example")
    }

    /// Links whose text holds code, reference links and a link target with brackets are all
    /// closed, so a paragraph of them keeps every link.
    @Test func aParagraphOfLinksKeepsThemAll() {
        let markdown = "See [`map`](https://x.example/map), [`filter`](https://x.example/f(x)), "
            + "[`reduce`][r] and [the guide][g], or [a &amp; b](https://x.example/[1]) and [c](u).\n\n"
            + "[r]: https://x.example/r\n[g]: https://x.example/g"
        #expect(InkGuard.openBracketsLimited(markdown) == markdown)
        #expect(MarkdownRenderer().render(markdown).html.components(separatedBy: "<a href").count == 7)
        let wrapped = "A [link whose text\nruns on](https://x.example) and a ![picture](p.png)."
        #expect(InkGuard.openBracketsLimited(wrapped) == wrapped)
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

    /// Whether `markdown` renders within 5 s: each input here ran for minutes, or for ever, before.
    private static func rendersQuickly(_ markdown: String) -> Bool {
        let start = ContinuousClock.now
        _ = MarkdownRenderer().render(markdown)
        return ContinuousClock.now - start < .seconds(5)
    }
}
