import Testing

@testable import QuireCore

@Suite struct SlugTests {
    @Test(arguments: [
        ("Hello, World!", "hello-world"),
        ("  Swift 6 -- on the   server ", "swift-6-on-the-server"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("Привет мир", "privet-mir"),
        ("Straße Łódź", "strasse-lodz"),
        ("Ελληνικά νέα", "ellenika-nea"),
        ("Don't stop", "dont-stop"),
        ("🎉🎉", ""),
    ])
    func titlesBecomeReadableASCII(title: String, slug: String) {
        #expect(Slug.make(from: title) == slug)
    }

    @Test func japaneseTitleGivesALatinSlug() {
        let slug = Slug.make(from: "日本語のテキスト")
        #expect(!slug.isEmpty)
        #expect(Slug.isValid(slug))
    }

    @Test func longTitlesAreCutAtAWord() {
        let slug = Slug.make(from: String(repeating: "word ", count: 40))
        #expect(slug.count <= Slug.maxLength)
        #expect(!slug.hasSuffix("-"))
        #expect(slug.hasSuffix("word"))
    }

    @Test func validity() {
        #expect(Slug.isValid("a-b-9"))
        #expect(!Slug.isValid("A-b"))
        #expect(!Slug.isValid("a/b"))
        #expect(!Slug.isValid(""))
        #expect(!Slug.isValid("../etc"))
    }
}

@Suite struct MarkdownTests {
    let renderer = MarkdownRenderer()

    @Test func rendersHTMLOnce() {
        let rendered = renderer.render("# Title\n\nSome *emphasis* and [a link](https://example.com).\n\n- one\n- two")
        #expect(rendered.html.contains("<h1>Title</h1>"))
        #expect(rendered.html.contains("<em>emphasis</em>"))
        #expect(rendered.html.contains("<a href=\"https://example.com\">a link</a>"))
        #expect(rendered.html.contains("<li>one</li>"))
    }

    @Test func excerptIsFirstParagraphAsPlainText() {
        let rendered = renderer.render("# Heading\n\nFirst **bold** paragraph &amp; more.\n\nSecond paragraph.")
        #expect(rendered.excerpt == "First bold paragraph & more.")
        #expect(rendered.text == "Heading First bold paragraph & more. Second paragraph.")
    }

    @Test func longExcerptIsCutAtAWordWithinTheLimit() {
        let paragraph = Array(repeating: "lorem", count: 100).joined(separator: " ")
        let excerpt = renderer.render(paragraph).excerpt
        #expect(excerpt.count <= MarkdownRenderer.excerptLimit)
        #expect(excerpt.hasSuffix("lorem…"))
    }

    @Test func plainTextDropsScriptsAndDecodesEntities() {
        let text = HTMLText.plainText(fromHTML: "<p>a &lt;b&gt; &#233; &#x263A;</p><script>alert(1)</script><style>p{}</style> end")
        #expect(text == "a <b> é ☺ end")
    }

    @Test func escapeCoversHTMLSpecials() {
        #expect(HTMLText.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        // A combining mark makes `"` and the mark one Character; the quote is still escaped.
        #expect(HTMLText.escape("x\"\u{301} onmouseover=alert(1)") == "x&quot;\u{301} onmouseover=alert(1)")
        #expect(HTMLText.escape("<\u{338}script>déjà") == "&lt;\u{338}script&gt;déjà")
        #expect(HTMLText.escape("plain text, déjà vu") == "plain text, déjà vu")
    }
}

/// The byte-by-byte paths for ASCII text give what the Unicode paths give.
@Suite struct ASCIIFastPathTests {
    static let samples = [
        "Hello, World! It's 2026: déjà", "  Tabs\tand\nnew\r\nlines\u{0B}and\u{0C}feeds  ", "", " ", "a-b_c.d/e", "ONE two 3four five6 ",
        "x\r\ny", "Ünïcödé and ASCII", "mixed 日本語 text", "!!!", "\u{0}\u{1}ctrl",
    ]

    @Test(arguments: samples)
    func termsMatchTheUnicodeSplit(text: String) {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        #expect(Terms.all(in: text) == folded.split { !($0.isLetter || $0.isNumber) }.map(String.init))
    }

    @Test(arguments: samples)
    func collapsedWhitespaceMatchesTheUnicodeSplit(text: String) {
        #expect(HTMLText.collapsingWhitespace(text) == text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
}
