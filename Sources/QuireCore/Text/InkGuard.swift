/// Markdown that Ink 0.6 takes forever on or crashes on, made safe before Ink sees it; all found
/// by `scripts/fuzz.sh markdown`. Fenced code blocks, which Ink reads whole, are left alone.
///
/// - Ink never returns from a `<p` or `<P` (`<pre` too) that no `>` follows anywhere after it:
///   its paragraph stops before `<p`, its HTML block can't read an element that never closes,
///   and its parser starts the same paragraph again, forever (the two bytes `<p` are enough).
///   Such a `<` can only be text: it is written `&lt;`.
/// - Ink's time doubles with each `[` still open in a paragraph (20 take most of a minute): each
///   tries to be a link, then tries again without it. A `[` opened inside `maxOpenBrackets`
///   others is written `&#91;`, which shows the same.
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

    /// Each `[` beyond `maxOpenBrackets` open ones in a paragraph, outside fenced code, as `&#91;`.
    static func openBracketsLimited(_ markdown: String) -> String {
        guard markdown.contains("[") else { return markdown }
        var output = ""
        var open = 0
        var inFence = false
        for line in markdown.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if !output.isEmpty || line.startIndex != markdown.startIndex { output += "\n" }
            if isFence(line) { inFence.toggle() }
            if inFence || isFence(line) {
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

    static func unclosedPTagsEscaped(_ markdown: String) -> String {
        let lastClose = markdown.lastIndex(of: ">")
        // Only a `<p` after the last `>` (or anywhere, when there is none) traps Ink.
        let tail = lastClose.map { markdown[markdown.index(after: $0)...] } ?? markdown[...]
        guard tail.contains("<p") || tail.contains("<P") else { return markdown }
        var output = String(markdown[..<tail.startIndex])
        // Fences opened before the tail count: follow them from the start.
        var inFence = markdown[..<tail.startIndex].split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .reduce(false) { open, line in isFence(line) ? !open : open }
        var index = tail.startIndex
        var atLineStart = tail.startIndex == markdown.startIndex || markdown[markdown.index(before: tail.startIndex)].isNewline
        while index < tail.endIndex {
            let character = tail[index]
            if atLineStart {
                let line = tail[index...].prefix { !$0.isNewline }
                if isFence(line) { inFence.toggle() }
            }
            let next = tail.index(after: index)
            if character == "<", !inFence, next < tail.endIndex, tail[next] == "p" || tail[next] == "P" {
                output += "&lt;"
            } else {
                output.append(character)
            }
            atLineStart = character.isNewline
            index = next
        }
        return output
    }

    /// A line that opens or closes a fenced code block (three backticks or tildes, indented at
    /// most three spaces).
    private static func isFence(_ line: Substring) -> Bool {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3 else { return false }
        let rest = line.dropFirst(indent.count)
        return rest.hasPrefix("```") || rest.hasPrefix("~~~")
    }
}
