/// Where Ink 0.6 reads a `[` as opening a link and a `]` as closing one, followed through the
/// text in one pass so that `InkGuard` can keep the `[` open at once few: each beyond `maxOpen`
/// is written `\[`, which Ink shows as `[` and tries as no link.
///
/// Ink tries each `[` as a link by reading on to the `]` that ends it; a nested `[` is tried the
/// same way, and when one fails Ink reads its text again without it, so its time doubles with
/// each `[` still open. A `]` ends that reading only where Ink's reader reaches it: not after a
/// backslash, and not inside what the reader steps over whole: inline code, an entity (`&…;`),
/// an HTML element (to its closing tag or the end of the text, over empty lines too) or a link's
/// target. After a backslash nothing starts: no link, code or element (`Readable.readOrRewind`).
/// Each rule follows Ink's `FormattedText`, `InlineCode`, `HTML` and `Link` readers.
///
/// A link's `(` that no `)` closes on its line, with more than `maxScan` characters after it
/// there, is written `\(`: Ink reads each such one to the end of its line, and many on one long
/// line took it minutes.
///
/// Ink may read such text after all, as Markdown, where the guess is wrong: `Array<Int>` in a
/// code block is no element to Ink, and the text after the block is read again. So the text
/// inside is followed the same way, on its own, with the `[` open around it kept open.
struct InkBrackets {
    private let characters: [Character]
    private let maxOpen: Int
    private let maxScan: Int
    /// For each `(`, the `)` that closes it on its line (parentheses balanced), as Ink finds it.
    private let closingParenthesis: [Int?]
    /// For each character, where its line ends.
    private let lineEnd: [Int]
    private var output = ""

    /// Elements inside elements followed one by one; deeper, every `[` stays open.
    private static let maxDepth = 16

    /// `markdown` with each `[` beyond `maxOpen` open at once written `\[`.
    static func limited(_ markdown: String, maxOpen: Int, maxScan: Int) -> String {
        var scan = InkBrackets(characters: Array(markdown), maxOpen: maxOpen, maxScan: maxScan)
        scan.follow(0..<scan.characters.count, around: 0, depth: 0)
        return scan.output
    }

    private init(characters: [Character], maxOpen: Int, maxScan: Int) {
        self.characters = characters
        self.maxOpen = maxOpen
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
        output.reserveCapacity(characters.count)
    }

    /// Copies `range` as Ink reads it from its start, with `around` `[` open outside it, and
    /// returns how many of its own it leaves open.
    @discardableResult
    private mutating func follow(_ range: Range<Int>, around: Int, depth: Int) -> Int {
        /// `[` Ink reads as a link still looking for its `]`.
        var open = 0
        /// `[` left open inside text Ink steps over.
        var openInside = 0
        /// Spaces since the last other character, as Ink counts them for a hard break.
        var spaces = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let character = characters[index]
            let afterBackslash = index > 0 && characters[index - 1] == "\\"
            if !afterBackslash || character == "&", let end = steppedOverEnd(at: index, before: range.upperBound) {
                output.append(character)
                openInside += inside((index + 1)..<end, around: around + open + openInside, depth: depth)
                (index, spaces) = (end, 0)
                continue
            }
            switch character {
            case "[" where afterBackslash, "]" where afterBackslash:
                output.append(character)
            case "[" where around + open + openInside >= maxOpen:
                output += "\\["
            case "[":
                open += 1
                output.append(character)
            case "]" where open > 0:
                open -= 1
                output.append(character)
                switch linkTarget(after: index, before: range.upperBound) {
                case .none:
                    break
                case .endsAt(let end):
                    output.append(characters[index + 1])
                    openInside += inside((index + 2)..<end, around: around + open + openInside, depth: depth)
                    (index, spaces) = (end, 0)
                    continue
                case .tooFar:
                    output += "\\("
                    (index, spaces) = (index + 2, 0)
                    continue
                }
            case "]":
                openInside = max(0, openInside - 1)
                output.append(character)
            default:
                output.append(character)
            }
            if character.isNewline {
                if endsParagraph(newlineAt: index, spaces: spaces, before: range.upperBound) { (open, openInside) = (0, 0) }
            } else {
                spaces = character == " " ? spaces + 1 : 0
            }
            index += 1
        }
        return open + openInside
    }

    /// Text Ink steps over, followed on its own up to `maxDepth`; deeper, each `[` stays open.
    private mutating func inside(_ range: Range<Int>, around: Int, depth: Int) -> Int {
        if depth < Self.maxDepth { return follow(range, around: around, depth: depth + 1) }
        var open = 0
        for character in characters[range] {
            if character == "[" {
                guard around + open < maxOpen else {
                    output += "\\["
                    continue
                }
                open += 1
            }
            output.append(character)
        }
        return open
    }

    /// Ink ends every paragraph and link at a newline before an empty line, unless it is a hard
    /// break: after a backslash, or two spaces (counted on over newlines).
    private func endsParagraph(newlineAt index: Int, spaces: Int, before limit: Int) -> Bool {
        guard index + 1 < limit, ["\n", "\r\n"].contains(characters[index + 1]) else { return false }
        return spaces < 2 && (index == 0 || characters[index - 1] != "\\")
    }

    /// The end of what Ink's reader steps over whole from `index`: inline code, an entity, an
    /// HTML element.
    private func steppedOverEnd(at index: Int, before limit: Int) -> Int? {
        switch characters[index] {
        case "`": inlineCodeEnd(at: index, before: limit)
        case "&": entityEnd(at: index, before: limit)
        case "<": htmlEnd(at: index, before: limit)
        default: nil
        }
    }

    /// A backtick up to the next one on the same line.
    private func inlineCodeEnd(at index: Int, before limit: Int) -> Int? {
        var next = index + 1
        while next < limit, !characters[next].isNewline {
            if characters[next] == "`" { return next + 1 }
            next += 1
        }
        return nil
    }

    /// `&` up to a `;` with no whitespace before it.
    private func entityEnd(at index: Int, before limit: Int) -> Int? {
        var next = index + 1
        while next < limit, !characters[next].isWhitespace {
            if characters[next] == ";" { return next + 1 }
            next += 1
        }
        return nil
    }

    /// An element up to its closing tag (counting others of its name) or the end of the text.
    private func htmlEnd(at index: Int, before limit: Int) -> Int? {
        guard let root = htmlTag(at: index, before: limit) else { return nil }
        if root.isSelfClosing { return root.end }
        var depth = 1
        var next = root.end
        while next < limit {
            guard characters[next] == "<" else {
                next += 1
                continue
            }
            guard let tag = htmlTag(at: next, before: limit) else {
                // Ink's reader stays past the `<` when the name is empty, else at the end.
                let nameIsEmpty = next + 1 < limit && (characters[next + 1].isWhitespace || characters[next + 1] == ">")
                next = nameIsEmpty ? next + 1 : limit
                continue
            }
            next = tag.end
            if tag.name.elementsEqual(root.name) {
                depth += 1
            } else if tag.name.first == "/", tag.name.dropFirst().elementsEqual(root.name) {
                depth -= 1
                if depth == 0 { return next }
            }
        }
        return limit
    }

    /// A tag as Ink reads one: a name up to whitespace or `>`, then anything up to `>`.
    private func htmlTag(at index: Int, before limit: Int) -> (name: ArraySlice<Character>, isSelfClosing: Bool, end: Int)? {
        var nameEnd = index + 1
        while nameEnd < limit, !characters[nameEnd].isWhitespace, characters[nameEnd] != ">" {
            nameEnd += 1
        }
        guard nameEnd > index + 1, nameEnd < limit,
              let close = characters[nameEnd..<limit].firstIndex(of: ">") else { return nil }
        let name = characters[(index + 1)..<nameEnd]
        if name.last == "/" { return (name.dropLast(), true, close + 1) }
        let suffixEndsInSlash = close > nameEnd && characters[close - 1] == "/"
        return (name, suffixEndsInSlash || name.elementsEqual("!--"), close + 1)
    }

    private enum LinkTarget {
        case none
        case endsAt(Int)
        /// A `(` that Ink would read far for nothing.
        case tooFar
    }

    /// After a `]` that closes a link, its `(target)` (parentheses balanced) or `[reference]`,
    /// on the same line, which Ink reads as part of the link.
    private func linkTarget(after index: Int, before limit: Int) -> LinkTarget {
        let start = index + 1
        guard start < limit else { return .none }
        switch characters[start] {
        case "(":
            if let closing = closingParenthesis[start] { return closing < limit ? .endsAt(closing + 1) : .none }
            return lineEnd[start] - start > maxScan ? .tooFar : .none
        case "[":
            var next = start + 1
            while next < limit, !characters[next].isNewline {
                if characters[next] == "]" { return .endsAt(next + 1) }
                next += 1
            }
            return .none
        default:
            return .none
        }
    }
}
