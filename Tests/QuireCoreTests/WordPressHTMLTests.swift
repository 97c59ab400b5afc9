import Foundation
import Testing

@testable import QuireCore

/// WordPress's paragraphs (its `wpautop`), as `WordPressHTML.paragraphs` adds them.
@Suite struct WordPressHTMLTests {
    @Test(arguments: [
        ("One line\nand the next\n\nA second paragraph", "<p>One line<br>\nand the next</p>\n<p>A second paragraph</p>"),
        ("Windows\r\nline ends\r\n\r\nand a lone\rreturn", "<p>Windows<br>\nline ends</p>\n<p>and a lone<br>\nreturn</p>"),
        ("\u{A0}\t Spaces and no-break spaces at the ends \u{A0}", "<p>Spaces and no-break spaces at the ends</p>"),
        ("<h2>A heading</h2>\n\nText", "<h2>A heading</h2>\n<p>Text</p>"),
        ("  <DIV>kept as it was</DIV>  ", "  <DIV>kept as it was</DIV>  "),
        ("<PRE>code\n\n   \nmore code</Pre>\n\nAfter", "<PRE>code\n\n   \nmore code</Pre>\n<p>After</p>"),
        ("<pre>a</pre> then <pre>b\n\nstill inside</pre>\n\nout", "<pre>a</pre> then <pre>b\n\nstill inside</pre>\n<p>out</p>"),
        ("<!-- wp:paragraph -->\n<p>Block editor</p>\n<!-- /wp:paragraph -->", "<!-- wp:paragraph -->\n<p>Block editor</p>\n<!-- /wp:paragraph -->"),
        ("déjà vu\n\n\n\nnaïve", "<p>déjà vu</p>\n<p>naïve</p>"),
        ("", ""),
    ])
    func paragraphsAreAddedWhereWordPressAddsThem(source: String, expected: String) {
        #expect(WordPressHTML.paragraphs(source) == expected)
    }
}
