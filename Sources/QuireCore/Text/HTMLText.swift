import Foundation

/// Small, dependable conversions between HTML and plain text.
public enum HTMLText {
    /// Escapes text for use in HTML element content and quoted attribute values.
    ///
    /// Byte by byte: the five characters are ASCII, so no byte of a longer character is one of
    /// them, and a combining mark after one (`"` + U+0301, a single `Character`) cannot hide it.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): result.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): result.append(contentsOf: "&#39;".utf8)
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The text a reader sees in a fragment of HTML: tags removed (script and style with their
    /// content), entities decoded, runs of white space folded to one space.
    public static func plainText(fromHTML html: String) -> String {
        // Scanned as UTF-8: every character looked for is ASCII, so no byte of a longer
        // character can be taken for one.
        var text = ""
        text.reserveCapacity(html.utf8.count)
        var rest = Substring(html)
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "<")) {
            text += rest[..<open]
            let tag = rest[open...]
            let lowered = tag.prefix(8).lowercased()
            if lowered.hasPrefix("<script") || lowered.hasPrefix("<style") {
                let closing = lowered.hasPrefix("<script") ? "</script>" : "</style>"
                if let end = tag.range(of: closing, options: .caseInsensitive) {
                    rest = tag[end.upperBound...]
                } else {
                    rest = ""
                }
                continue
            }
            guard let close = tag.utf8.firstIndex(of: UInt8(ascii: ">")) else {
                rest = ""
                break
            }
            if separatesWords(tag[..<close]) { text += " " }
            rest = tag[tag.utf8.index(after: close)...]
        }
        text += rest
        return collapsingWhitespace(decodeEntities(text))
    }

    private static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "main", "nav", "ol", "p",
        "pre", "section", "table", "td", "th", "tr", "ul",
    ]

    /// Whether a tag (from `<` up to, not including, `>`) stands between words, as block
    /// elements and line breaks do; inline ones such as `<em>` join the text around them.
    private static func separatesWords(_ tag: Substring) -> Bool {
        let start = tag.dropFirst().drop(while: { $0 == "/" })
        let asciiName = start.utf8.prefix { $0 < 0x80 && Character(Unicode.Scalar($0)).isLetterOrNumber }
        if asciiName.endIndex < start.utf8.endIndex, start.utf8[asciiName.endIndex] >= 0x80 {
            // A name that goes on in another script: the same test, character by character.
            return blockElements.contains(start.prefix(while: \.isLetterOrNumber).lowercased())
        }
        return blockElements.contains(String(Substring(asciiName)).lowercased())
    }

    /// Decodes the named entities Markdown renderers emit and every numeric entity.
    public static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let candidate = rest[rest.index(after: ampersand)...]
            if let semicolon = candidate.prefix(10).firstIndex(of: ";"),
                let decoded = decodeEntity(candidate[..<semicolon])
            {
                result += decoded
                rest = candidate[candidate.index(after: semicolon)...]
            } else {
                result += "&"
                rest = candidate
            }
        }
        return result + rest
    }

    private static let namedEntities: [Substring: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’",
        "ldquo": "“", "rdquo": "”", "copy": "©", "reg": "®", "trade": "™",
    ]

    private static func decodeEntity(_ name: Substring) -> String? {
        if let named = namedEntities[name] { return named }
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits)
        }
        return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }

    /// Folds every run of white space into one space and trims the ends.
    public static func collapsingWhitespace(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        // ASCII, the common case, byte by byte: white space is tab to carriage return, and space.
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Shortens text to at most `limit` characters at a word boundary, ending with "…" when cut.
    public static func truncate(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit - 1)
        let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        let trimmed = atWord.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        return (trimmed.isEmpty ? String(cut) : trimmed) + "…"
    }
}

private extension Character {
    var isLetterOrNumber: Bool { isLetter || isNumber }
}
