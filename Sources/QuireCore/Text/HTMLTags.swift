/// One start tag of an HTML document: its name and attributes as a browser reads them (names in
/// lower case, values with character references decoded, the first of a repeated attribute kept).
public struct HTMLStartTag: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    /// The text of a raw-text element (`title`, `script`, `style`, `textarea`), up to its end tag.
    public var rawText: String?

    /// The space-separated tokens of the `rel` attribute, in lower case.
    public var relTokens: [Substring] {
        attributes["rel"]?.lowercased().split(whereSeparator: \.isWhitespace) ?? []
    }
}

/// Reads the start tags of an HTML document in document order, the way a browser's tokenizer
/// finds them: markup inside comments (`<!-- … -->`), escaped text (`&lt;a …&gt;`) and the
/// contents of `script`, `style`, `title` and `textarea` is not taken for tags. Used for
/// Webmention (discovering endpoints, checking a source's links) and for a page's title.
public enum HTMLTags {
    private static let rawTextElements: Set<String> = ["script", "style", "title", "textarea"]

    /// The start tags in document order, only those named in `names` when given.
    public static func startTags(in html: String, named names: Set<String>? = nil) -> [HTMLStartTag] {
        let bytes = Array(html.utf8)
        var tags: [HTMLStartTag] = []
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            guard index < bytes.count else { break }
            if bytes[index...].starts(with: Array("!--".utf8)) {
                index = endOfComment(in: bytes, from: index + 3)
            } else if bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "/") {
                index = bytes[index...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? bytes.count
            } else if bytes[index].isASCIILetter {
                var tag = readTag(bytes, at: &index)
                if rawTextElements.contains(tag.name) {
                    let textEnd = endTag(tag.name, in: bytes, from: index) ?? bytes.count
                    tag.rawText = String(decoding: bytes[index..<textEnd], as: UTF8.self)
                    index = textEnd
                }
                if names?.contains(tag.name) ?? true { tags.append(tag) }
            }
        }
        return tags
    }

    /// The document's `<title>`, with whitespace collapsed and references decoded; nil if none.
    public static func title(in html: String) -> String? {
        title(among: startTags(in: html, named: ["title"]))
    }

    /// The title among tags already read.
    public static func title(among tags: [HTMLStartTag]) -> String? {
        tags.first { $0.name == "title" }?.rawText.map { HTMLText.collapsingWhitespace(HTMLText.decodeEntities($0)) }?.nonEmpty
    }

    /// Reads a tag's name and attributes from just after its `<`, leaving `index` after its `>`.
    private static func readTag(_ bytes: [UInt8], at index: inout Int) -> HTMLStartTag {
        let nameStart = index
        while index < bytes.count, !bytes[index].isHTMLSpace, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") { index += 1 }
        var tag = HTMLStartTag(name: String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased(), attributes: [:])
        while index < bytes.count {
            while index < bytes.count, bytes[index].isHTMLSpace || bytes[index] == UInt8(ascii: "/") { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">") else { break }
            let attributeStart = index
            index += 1
            while index < bytes.count, !bytes[index].isHTMLSpace, ![UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "=")].contains(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
            var value = ""
            var lookahead = index
            while lookahead < bytes.count, bytes[lookahead].isHTMLSpace { lookahead += 1 }
            if lookahead < bytes.count, bytes[lookahead] == UInt8(ascii: "=") {
                index = lookahead + 1
                while index < bytes.count, bytes[index].isHTMLSpace { index += 1 }
                value = readValue(bytes, at: &index)
            }
            if tag.attributes[name] == nil { tag.attributes[name] = HTMLText.decodeEntities(value) }
        }
        index = min(index + 1, bytes.count)
        return tag
    }

    /// An attribute's value, quoted or not.
    private static func readValue(_ bytes: [UInt8], at index: inout Int) -> String {
        guard index < bytes.count else { return "" }
        let quote = bytes[index]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let start = index + 1
            let close = bytes[start...].firstIndex(of: quote) ?? bytes.count
            index = min(close + 1, bytes.count)
            return String(decoding: bytes[start..<close], as: UTF8.self)
        }
        let start = index
        while index < bytes.count, !bytes[index].isHTMLSpace, bytes[index] != UInt8(ascii: ">") { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// The index just past a comment whose `<!--` ends just before `from`: as a browser ends it,
    /// at `-->` or `--!>`, or at once for the empty `<!-->` and `<!--->`; else the end.
    private static func endOfComment(in bytes: [UInt8], from: Int) -> Int {
        for empty in [">", "->"] where bytes[from...].starts(with: Array(empty.utf8)) { return from + empty.utf8.count }
        var index = from
        while index < bytes.count {
            for close in ["-->", "--!>"] where bytes[index...].starts(with: Array(close.utf8)) { return index + close.utf8.count }
            index += 1
        }
        return bytes.count
    }

    /// Where the end tag of the raw-text element `name` starts at or after `from`: `</name`,
    /// in any case, followed by white space, `/` or `>` (`</scripts` ends nothing).
    private static func endTag(_ name: String, in bytes: [UInt8], from: Int) -> Int? {
        let marker = Array("</\(name)".utf8)
        var index = from
        while index + marker.count <= bytes.count {
            if zip(bytes[index..<index + marker.count], marker).allSatisfy({ $0.lowercasedASCII == $1.lowercasedASCII }) {
                let after = index + marker.count
                if after == bytes.count || bytes[after].isHTMLSpace || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">") { return index }
            }
            index += 1
        }
        return nil
    }
}

extension UInt8 {
    /// Space as HTML's tokenizer counts it: space, tab, line feed, form feed, carriage return.
    fileprivate var isHTMLSpace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0C || self == 0x0D }
    fileprivate var isASCIILetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lowercasedASCII) }
}
