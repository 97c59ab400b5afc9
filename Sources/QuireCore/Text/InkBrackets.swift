/// Which `[` Ink 0.6 may try as a link, each kept only where trying it is quick; the others are
/// written `\[`, which Ink shows as `[` and never tries.
///
/// Ink tries a `[` as a link by reading on from it (`Link.read`, `FormattedText` with `]` as its
/// end) to the first `]` its reader reaches. A `[` it meets on the way is tried the same way, and
/// when that one fails Ink reads on over its text and tries it again later, so its time doubles
/// with each `[` that fails inside another. Which `]` the reader reaches depends on what it steps
/// over (inline code, entities, elements, links), and following that through the whole text
/// proved wrong again and again (two reviews found inputs of under 100 bytes that hung it).
///
/// So each `[` is judged on its own, as `Link.read` reads from it, which does not depend on
/// anything before it: from the last `[` to the first, so that the ones it meets are judged
/// already. A `[` is kept when, within `maxText` characters, its reader reaches its `]` or stops
/// (at an empty line, a `<p`, the end), meeting nothing slow on the way: no element (`<` and a
/// name) and no `[` but a link that succeeds. Where the reader meets a `[` written `\[`, it reads
/// on exactly as that one's did, so it is written `\[` too.
///
/// A kept link whose `(` no `)` closes on its line, with more than `maxScan` characters after
/// it there, has the `(` written `\(`: Ink would read to the end of the line for it.
struct InkBrackets {
    private enum Judgement {
        case escaped
        case fails
        case succeeds(end: Int)
    }

    private let characters: [Character]
    private let maxText: Int
    private let maxScan: Int
    /// For each `(`, the `)` that closes it on its line (parentheses balanced), as Ink finds it.
    private let closingParenthesis: [Int?]
    /// For each character, where its line ends.
    private let lineEnd: [Int]
    /// For each character, the first `;` or whitespace from it on: where an entity ends.
    private let entityStop: [Int]
    /// For each character, the first backtick or newline from it on: where inline code ends.
    private let codeStop: [Int]
    private var judgements: [Int: Judgement] = [:]
    private var targetsEscaped: Set<Int> = []

    /// `markdown` with each `[` that Ink would be slow to try written `\[`.
    static func limited(_ markdown: String, maxText: Int, maxScan: Int) -> String {
        var brackets = InkBrackets(characters: Array(markdown), maxText: maxText, maxScan: maxScan)
        for index in brackets.characters.indices.reversed() where brackets.isLinkStart(index) {
            brackets.judgements[index] = brackets.judge(index)
        }
        var output = ""
        output.reserveCapacity(brackets.characters.count)
        for (index, character) in brackets.characters.enumerated() {
            if case .escaped = brackets.judgements[index] {
                output += "\\["
            } else if brackets.targetsEscaped.contains(index) {
                output += "\\("
            } else {
                output.append(character)
            }
        }
        return output
    }

    private init(characters: [Character], maxText: Int, maxScan: Int) {
        self.characters = characters
        self.maxText = maxText
        self.maxScan = maxScan
        var closing = [Int?](repeating: nil, count: characters.count)
        var ends = [Int](repeating: characters.count, count: characters.count)
        var opened: [Int] = []
        var lineStart = 0
        for (index, character) in characters.enumerated() {
            if character == "(" {
                opened.append(index)
            } else if character == ")", let opening = opened.popLast() {
                closing[opening] = index
            } else if character.isNewline {
                for position in lineStart...index { ends[position] = index }
                (opened, lineStart) = ([], index + 1)
            }
        }
        closingParenthesis = closing
        lineEnd = ends
        var (entityStops, codeStops) = ([Int](repeating: characters.count, count: characters.count), [Int](repeating: characters.count, count: characters.count))
        var (entityStop, codeStop) = (characters.count, characters.count)
        for index in characters.indices.reversed() {
            let character = characters[index]
            if character == ";" || character.isWhitespace { entityStop = index }
            if character == "`" || character.isNewline { codeStop = index }
            (entityStops[index], codeStops[index]) = (entityStop, codeStop)
        }
        self.entityStop = entityStops
        self.codeStop = codeStops
    }

    /// A `[` that Ink tries: none after a backslash (`Readable.readOrRewind`).
    private func isLinkStart(_ index: Int) -> Bool {
        characters[index] == "[" && !isAfterBackslash(index)
    }

    private func isAfterBackslash(_ index: Int) -> Bool {
        index > 0 && characters[index - 1] == "\\"
    }

    /// Reads on from the `[` at `start` as `FormattedText` does with `]` as its end.
    private mutating func judge(_ start: Int) -> Judgement {
        var index = start + 1
        /// Past this, the `[` is not read further: even inline code or an entity that runs
        /// beyond it counts as too far (each `[` reading on to the same far `;` was quadratic).
        let limit = start + maxText + 1
        /// Spaces since the last other character, as Ink counts them for a hard break.
        var spaces = 0
        while index < characters.count {
            guard index < limit else { return .escaped }
            let character = characters[index]
            let afterBackslash = isAfterBackslash(index)
            if character == "]", !afterBackslash { return target(afterClosingAt: index) }
            if character.isNewline {
                // Ink ends the link here unless the line ends in a hard break.
                if !afterBackslash, spaces < 2 {
                    guard index + 1 < characters.count else { return .fails }
                    if ["\n", "\r\n", "#", "<", "`", "-"].contains(characters[index + 1]) { return .fails }
                }
                index += 1
                continue
            }
            spaces = character == " " ? spaces + 1 : 0
            switch character {
            case "`" where !afterBackslash:
                if let end = inlineCodeEnd(at: index, before: limit) {
                    index = end
                    continue
                }
            case "&":
                if let end = entityEnd(at: index, before: limit) {
                    index = end
                    continue
                }
            case "<":
                guard index + 1 < characters.count else { return .fails }
                let next = characters[index + 1]
                if next == "p" || next == "P" { return .fails }
                // An element may be read to the end of the text.
                if !afterBackslash, !next.isWhitespace, next != ">" { return .escaped }
            case "[" where !afterBackslash:
                switch judgements[index] {
                case .succeeds(let end):
                    index = end
                    continue
                case .fails, .escaped, nil:
                    return .escaped
                }
            default:
                break
            }
            index += 1
        }
        return .fails
    }

    /// After the `]` at `close`, a `(target)` (parentheses balanced) or a `[reference]` on the
    /// same line makes the link; anything else fails it.
    private mutating func target(afterClosingAt close: Int) -> Judgement {
        let next = close + 1
        guard next < characters.count else { return .fails }
        switch characters[next] {
        case "(":
            if let closing = closingParenthesis[next] { return .succeeds(end: closing + 1) }
            if lineEnd[next] - next > maxScan { targetsEscaped.insert(next) }
            return .fails
        case "[":
            var index = next + 1
            while index < characters.count, !characters[index].isNewline {
                if characters[index] == "]" { return .succeeds(end: index + 1) }
                index += 1
            }
            return .fails
        default:
            return .fails
        }
    }

    /// A backtick up to the next one on the same line; `limit` when it reaches that first.
    private func inlineCodeEnd(at index: Int, before limit: Int) -> Int? {
        end(from: index, stops: codeStop, closing: "`", before: limit)
    }

    /// `&` up to a `;` with no whitespace before it; `limit` when it reaches that first.
    private func entityEnd(at index: Int, before limit: Int) -> Int? {
        end(from: index, stops: entityStop, closing: ";", before: limit)
    }

    /// Just past the `closing` that `stops` finds first after `index`, if it does.
    private func end(from index: Int, stops: [Int], closing: Character, before limit: Int) -> Int? {
        guard index + 1 < characters.count else { return nil }
        let stop = stops[index + 1]
        if stop >= limit { return limit }
        return stop < characters.count && characters[stop] == closing ? stop + 1 : nil
    }
}
