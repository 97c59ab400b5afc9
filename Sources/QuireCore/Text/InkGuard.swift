import Foundation

/// Markdown that Ink 0.6 takes forever on or crashes on, made safe before Ink sees it; found by
/// `scripts/fuzz.sh markdown` and by reading Ink's reader.
///
/// - Ink never returns from a `<p` or `<P` (`<pre` too) that no `>` follows anywhere after it:
///   its paragraph stops before `<p`, its HTML block can't read an element that never closes,
///   and its parser starts the same paragraph again, forever (the two bytes `<p` are enough).
///   Such a `<` is written `&lt;` everywhere, code blocks too: whether Ink reads a line of
///   backticks as a fence depends on the block before it (after a list item it is the item's
///   text), so a guess that a `<p` is safely inside code could hang it again. A `<p` after a
///   backslash (`\<p>`, "a literal <") hangs it the same way, closed or not: the two are
///   written `&lt;`.
/// - Ink's time doubles with each `[` that fails as a link inside another (20 take most of a
///   minute): each is tried, then read over and tried again. A `[` that Ink would be slow to try
///   is written `\[`, which shows the same outside code (`InkBrackets`).
/// - Ink reads ahead from every `&` for a `;`, from every `<` for a `>` and from every link's
///   `(` for a `)`, each to the end of a line or of the text when there is none: many of them
///   took it minutes. Those it would read far for nothing are written as Ink shows them.
/// - Ink writes every row of a table as wide as its widest, and a reference link's whole URL at
///   every use: a few kilobytes made megabytes of HTML and minutes of work. A table row keeps
///   `maxTableCells` cells (the `|` beyond are written `\|`), and a URL declared longer than
///   `maxDeclaredURL` is left as text.
/// - Ink reads past the end, a fatal error that stops the whole process, when a list is followed
///   by a line of only spaces or tabs that ends the text (`"- a\n "`). Whitespace at the very end
///   shows nothing, so it is dropped.
enum InkGuard {
    /// Characters from a `[` to its `]`, more than any link's text needs.
    static let maxLinkText = 1000
    /// Characters Ink may read ahead, from one `&` or one link's `(`, for nothing.
    static let maxScan = 64
    /// `<` starting an element that never ends, that Ink may each read to the end of the text.
    static let maxUnclosedTags = 16
    /// Cells in one table row.
    static let maxTableCells = 64
    /// Characters in the URL of a reference declaration (`[name]: URL`).
    static let maxDeclaredURL = 512

    /// Each pass writes only what Ink shows the same, and the bracket pass comes last: what the
    /// others write (a `;` in `&lt;`) changes where Ink's entities end, so it must see it.
    static func guarded(_ markdown: String) -> String {
        let tagsSafe = unclosedTagsEscaped(backslashedPTagsEscaped(trailingWhitespaceDropped(markdown)))
        let blocksSafe = longDeclarationsEscaped(tableCellsLimited(tagsSafe))
        return openBracketsLimited(longEntityScansEscaped(blocksSafe))
    }

    static func trailingWhitespaceDropped(_ markdown: String) -> String {
        guard markdown.last?.isWhitespace == true else { return markdown }
        return String(markdown[..<(markdown.lastIndex { !$0.isWhitespace }.map(markdown.index(after:)) ?? markdown.startIndex)])
    }

    /// Each `[` that Ink would be slow to try as `\[` (`InkBrackets`), in code too: whether Ink
    /// reads lines as code depends on the blocks before them, and guessing wrong hung it.
    static func openBracketsLimited(_ markdown: String) -> String {
        guard markdown.contains("[") else { return markdown }
        return InkBrackets.limited(markdown, maxText: maxLinkText, maxScan: maxScan)
    }

    /// Each `&` from which Ink would read more than `maxScan` characters and find no `;` before
    /// whitespace or the end, as `&amp;`: Ink reads on from every `&`, so a long run of them took
    /// it minutes, and it shows such an `&` as `&amp;` all the same.
    static func longEntityScansEscaped(_ markdown: String) -> String {
        guard markdown.contains("&") else { return markdown }
        let characters = Array(markdown)
        var output = ""
        output.reserveCapacity(characters.count)
        var stop = characters.count
        var stopIsSemicolon = false
        var escaped = [Bool](repeating: false, count: characters.count)
        for index in characters.indices.reversed() {
            let character = characters[index]
            if character == "&" { escaped[index] = !stopIsSemicolon && stop - index > maxScan }
            if character == ";" || character.isWhitespace { (stop, stopIsSemicolon) = (index, character == ";") }
        }
        for (index, character) in characters.enumerated() {
            if escaped[index] { output += "&amp;" } else { output.append(character) }
        }
        return output
    }

    /// In each line that starts with `|` (a table row to Ink), each `|` after the one that ends
    /// `maxTableCells` cells as `\|`, which Ink reads as text in the last cell.
    static func tableCellsLimited(_ markdown: String) -> String {
        guard markdown.contains("|") else { return markdown }
        var output = ""
        output.reserveCapacity(markdown.utf8.count)
        var pipes = 0
        var isRow = false
        var atLineStart = true
        var previous: Character?
        for character in markdown {
            if character.isNewline {
                (pipes, isRow, atLineStart) = (0, false, true)
            } else if atLineStart, !character.isWhitespace {
                (isRow, atLineStart) = (character == "|", false)
            }
            if isRow, character == "|", previous != "\\" {
                pipes += 1
                if pipes > maxTableCells + 1 { output += "\\" }
            }
            output.append(character)
            previous = character
        }
        return output
    }

    /// Each reference declaration (`[name]: URL` starting a line) whose URL is longer than
    /// `maxDeclaredURL`, with its `[` written `\[`: text, no declaration.
    static func longDeclarationsEscaped(_ markdown: String) -> String {
        guard markdown.contains("]:") else { return markdown }
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let content = line.drop { $0 == " " || $0 == "\t" }
            guard content.first == "[", let close = content.firstIndex(of: "]"),
                  content[content.index(after: close)...].first == ":",
                  content[content.index(after: close)...].count > maxDeclaredURL + 1 else { return String(line) }
            return line[..<content.startIndex] + "\\" + content
        }
        return lines.joined(separator: "\n")
    }

    /// Each `\<p` or `\<P` as `&lt;p`: what the backslash asks for, a `<` that is text.
    static func backslashedPTagsEscaped(_ markdown: String) -> String {
        guard markdown.contains("\\<") else { return markdown }
        return markdown.replacingOccurrences(of: "\\<p", with: "&lt;p").replacingOccurrences(of: "\\<P", with: "&lt;P")
    }

    /// After the last `>` (or anywhere, when there is none), each `<p` or `<P` as `&lt;p`; and
    /// when more than `maxUnclosedTags` `<` there start a name, each of them as `&lt;`: Ink reads
    /// from each to the end of the text looking for its `>`, and shows it as `&lt;` all the same.
    static func unclosedTagsEscaped(_ markdown: String) -> String {
        let lastClose = markdown.lastIndex(of: ">")
        let tail = lastClose.map { markdown[markdown.index(after: $0)...] } ?? markdown[...]
        guard tail.contains("<") else { return markdown }
        let characters = Array(tail)
        let names = zip(characters, characters.dropFirst()).filter { $0 == "<" && !$1.isWhitespace }.count
        var escapedTail = ""
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "<", let next, next == "p" || next == "P" || (names > maxUnclosedTags && !next.isWhitespace) {
                escapedTail += "&lt;"
            } else {
                escapedTail.append(character)
            }
        }
        return String(markdown[..<tail.startIndex]) + escapedTail
    }
}
