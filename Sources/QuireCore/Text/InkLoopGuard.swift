/// Ink 0.6 never returns from Markdown holding `<p` or `<P` (`<pre` too) that no `>` follows
/// anywhere after it: its paragraph stops before `<p`, its HTML block can't read an element
/// that never closes, and its parser starts the same paragraph again, forever (found by
/// `scripts/fuzz.sh markdown`; the two bytes `<p` are enough). Such a `<` can only be text, so it
/// is written `&lt;` before Ink sees it, except inside fenced code blocks, which Ink reads whole.
enum InkLoopGuard {
    static func guarded(_ markdown: String) -> String {
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
