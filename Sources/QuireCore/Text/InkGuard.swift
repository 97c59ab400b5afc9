import Foundation

/// Markdown that Ink 0.6 takes forever on or crashes on, made safe before Ink sees it; all found
/// by `scripts/fuzz.sh markdown`.
///
/// - Ink never returns from a `<p` or `<P` (`<pre` too) that no `>` follows anywhere after it:
///   its paragraph stops before `<p`, its HTML block can't read an element that never closes,
///   and its parser starts the same paragraph again, forever (the two bytes `<p` are enough).
///   Such a `<` is written `&lt;` everywhere, code blocks too: whether Ink reads a line of
///   backticks as a fence depends on the block before it (after a list item it is the item's
///   text), so a guess that a `<p` is safely inside code could hang it again. A `<p` after a
///   backslash (`\<p>`, "a literal <") hangs it the same way, closed or not: the two are
///   written `&lt;`.
/// - Ink's time doubles with each `[` still open in a paragraph (20 take most of a minute): each
///   tries to be a link, then tries again without it. A `[` opened inside `maxOpenBrackets`
///   others is written `&#91;`, which shows the same outside code.
/// - Ink reads past the end, a fatal error that stops the whole process, when a list is followed
///   by a line of only spaces or tabs that ends the text (`"- a\n "`). Whitespace at the very end
///   shows nothing, so it is dropped.
enum InkGuard {
    /// `[` open at once in a paragraph, more than any link needs.
    static let maxOpenBrackets = 3

    static func guarded(_ markdown: String) -> String {
        unclosedPTagsEscaped(backslashedPTagsEscaped(openBracketsLimited(trailingWhitespaceDropped(markdown))))
    }

    static func trailingWhitespaceDropped(_ markdown: String) -> String {
        guard markdown.last?.isWhitespace == true else { return markdown }
        return String(markdown[..<(markdown.lastIndex { !$0.isWhitespace }.map(markdown.index(after:)) ?? markdown.startIndex)])
    }

    /// Each `[` beyond `maxOpenBrackets` open ones in a paragraph as `&#91;`, in code too:
    /// whether Ink reads lines as code depends on the blocks before them, and guessing wrong hung
    /// it (fuzzing). A paragraph ends, for Ink, only at an empty line after a line that ends
    /// without a hard break: after two spaces or a backslash it runs on over empty lines.
    static func openBracketsLimited(_ markdown: String) -> String {
        guard markdown.contains("[") else { return markdown }
        var output = ""
        var open = 0
        var lastFilledLine: Substring = ""
        for (number, line) in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if number > 0 { output += "\n" }
            if line.isEmpty {
                if !lastFilledLine.hasSuffix("  ") && !lastFilledLine.hasSuffix("\\") { open = 0 }
                continue
            }
            lastFilledLine = line
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

    /// Each `\<p` or `\<P` as `&lt;p`: what the backslash asks for, a `<` that is text.
    static func backslashedPTagsEscaped(_ markdown: String) -> String {
        guard markdown.contains("\\<") else { return markdown }
        return markdown.replacingOccurrences(of: "\\<p", with: "&lt;p").replacingOccurrences(of: "\\<P", with: "&lt;P")
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
