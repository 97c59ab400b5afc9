import Foundation

/// Markdown that Ink 0.6 takes forever on or crashes on, made safe before Ink sees it; all found
/// by `scripts/fuzz.sh markdown`.
///
/// - Ink never returns from a `<p` or `<P` (`<pre` too) that no `>` follows anywhere after it:
///   its paragraph stops before `<p`, its HTML block can't read an element that never closes,
///   and its parser starts the same paragraph again, forever (the two bytes `<p` are enough).
///   Such a `<` is written `&lt;` everywhere, code blocks too: whether Ink reads a line of
///   backticks as a fence depends on the block before it (after a list item it is the item's
///   text), so a guess that a `<p` is safely inside code could hang it again.
/// - Ink's time doubles with each `[` still open in a paragraph (20 take most of a minute): each
///   tries to be a link, then tries again without it. A `[` opened inside `maxOpenBrackets`
///   others is written `&#91;`, which shows the same; only where Ink surely reads code is it left.
/// - Ink reads past the end, a fatal error that stops the whole process, when a list is followed
///   by a line of only spaces or tabs that ends the text (`"- a\n "`). Whitespace at the very end
///   shows nothing, so it is dropped.
enum InkGuard {
    /// `[` open at once in a paragraph, more than any link needs.
    static let maxOpenBrackets = 3

    static func guarded(_ markdown: String) -> String {
        unclosedPTagsEscaped(openBracketsLimited(trailingWhitespaceDropped(markdown)))
    }

    static func trailingWhitespaceDropped(_ markdown: String) -> String {
        guard markdown.last?.isWhitespace == true else { return markdown }
        return String(markdown[..<(markdown.lastIndex { !$0.isWhitespace }.map(markdown.index(after:)) ?? markdown.startIndex)])
    }

    /// Each `[` beyond `maxOpenBrackets` open ones in a paragraph as `&#91;`, except inside a
    /// fenced code block that Ink surely reads as one (`isCodeFenceOpening`).
    static func openBracketsLimited(_ markdown: String) -> String {
        guard markdown.contains("[") else { return markdown }
        var output = ""
        var open = 0
        var fence: Int?  // the opening fence's backticks while inside code
        var previousLineEmpty = true
        for line in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if !output.isEmpty || line.startIndex != markdown.startIndex { output += "\n" }
            defer { previousLineEmpty = line.isEmpty }
            if let opening = fence {
                // Ink's code ends at a line starting with as many backticks; the rest of that
                // line is read as Markdown again, so it is guarded below.
                if line.prefix(while: { $0 == "`" }).count == opening {
                    fence = nil
                } else {
                    output += line
                    continue
                }
            } else if previousLineEmpty, let backticks = codeFenceOpening(line) {
                fence = backticks
                output += line
                continue
            }
            // A blank line ends the paragraph, and with it every open `[`.
            if line.allSatisfy(\.isWhitespace) { open = 0 }
            for character in line {
                switch character {
                case "[" where open >= maxOpenBrackets:
                    output += "&#91;"
                    continue
                case "[": open += 1
                case "]": open = max(0, open - 1)
                default: break
                }
                output.append(character)
            }
        }
        return output
    }

    /// The backticks of a line that opens code, when it follows an empty line or starts the text:
    /// there Ink starts a new block, skips the indent, and reads three backticks or more as code.
    /// (Right after a list item or a paragraph line, Ink may read it as their text instead; tildes
    /// are never a fence to Ink.)
    private static func codeFenceOpening(_ line: Substring) -> Int? {
        let backticks = line.drop(while: { $0 == " " || $0 == "\t" }).prefix(while: { $0 == "`" }).count
        return backticks >= 3 ? backticks : nil
    }

    /// Each `<p` or `<P` after the last `>` (or anywhere, when there is none), as `&lt;p`.
    static func unclosedPTagsEscaped(_ markdown: String) -> String {
        let lastClose = markdown.lastIndex(of: ">")
        let tail = lastClose.map { markdown[markdown.index(after: $0)...] } ?? markdown[...]
        guard tail.contains("<p") || tail.contains("<P") else { return markdown }
        return String(markdown[..<tail.startIndex])
            + tail.replacingOccurrences(of: "<p", with: "&lt;p").replacingOccurrences(of: "<P", with: "&lt;P")
    }
}
