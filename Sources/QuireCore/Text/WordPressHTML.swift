import Foundation

/// The HTML of a post or comment written in WordPress, made ready to show.
///
/// WordPress stores post bodies as HTML in which blank lines stand for paragraph breaks
/// (its `wpautop` filter adds the `<p>` tags when a page is shown). Quire keeps that HTML as it
/// was written, adds the paragraphs the same way, and turns the `[caption]` shortcode into a
/// `<figure>`. Every other shortcode is left in the text, visible, rather than dropped.
public enum WordPressHTML {
    /// Block-level elements that start a chunk which must not be wrapped in `<p>`.
    private static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "details", "div", "dl", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "iframe", "math", "nav", "ol", "p", "pre",
        "section", "style", "script", "summary", "table", "ul", "video", "audio", "object", "embed",
    ]

    public static func render(_ source: String) -> MarkdownRenderer.Rendered {
        let html = paragraphs(captions(source))
        return MarkdownRenderer.Rendered(
            html: html,
            text: HTMLText.plainText(fromHTML: html),
            excerpt: MarkdownRenderer().excerpt(fromHTML: html)
        )
    }

    /// Wraps each blank-line-separated chunk that is not already a block in `<p>`, with its
    /// single line breaks as `<br>`; blank lines inside `<pre>` are left alone.
    static func paragraphs(_ source: String) -> String {
        let text = source.utf8.contains(UInt8(ascii: "\r"))
            ? source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            : source
        var chunks: [[Substring]] = []
        var current: [Substring] = []
        var insidePre = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !insidePre, line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { chunks.append(current) }
                current = []
                continue
            }
            current.append(line)
            let opens = occurrences(of: "<pre", in: line)
            let closes = occurrences(of: "</pre>", in: line)
            if opens != closes { insidePre = opens > closes }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks.map { lines in
            let chunk = lines.joined(separator: "\n")
            // Trimmed of spaces and tabs at its two ends only, scalar by scalar as Foundation's trim.
            var scalars = Substring(chunk).unicodeScalars.drop(while: CharacterSet.whitespaces.contains)
            while let last = scalars.last, CharacterSet.whitespaces.contains(last) { scalars = scalars.dropLast() }
            let trimmed = Substring(scalars)
            if startsWithBlock(trimmed) { return chunk }
            return "<p>" + trimmed.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>\n") + "</p>"
        }.joined(separator: "\n")
    }

    /// How many times `needle` (ASCII, lowercase) occurs in a line, ignoring case.
    private static func occurrences(of needle: String, in line: Substring) -> Int {
        let needle = Array(needle.utf8)
        let bytes = Array(line.utf8)
        guard bytes.count >= needle.count, bytes.contains(needle[0]) else { return 0 }
        var count = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if zip(bytes[index...], needle).allSatisfy({ $0.lowercasedASCII == $1 }) {
                count += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return count
    }

    private static func startsWithBlock(_ chunk: Substring) -> Bool {
        guard chunk.hasPrefix("<") else { return false }
        if chunk.hasPrefix("<!--") { return true }
        let name = chunk.dropFirst().prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
        return blockTags.contains(name)
    }

    /// `[caption id="…" width="…"]<img …> The caption[/caption]` as a `<figure>` with a
    /// `<figcaption>`; the older `caption="…"` attribute is read too.
    static func captions(_ source: String) -> String {
        var result = ""
        var rest = Substring(source)
        while let open = rest.range(of: "[caption"), let close = rest[open.upperBound...].range(of: "[/caption]"),
            let attributesEnd = rest[open.upperBound..<close.lowerBound].firstIndex(of: "]")
        {
            result += rest[..<open.lowerBound]
            let attributes = rest[open.upperBound..<attributesEnd]
            let inner = rest[rest.index(after: attributesEnd)..<close.lowerBound]
            // The image (or linked image) ends at the last tag's '>'; the text after it is the caption.
            let split = inner.lastIndex(of: ">").map { inner.index(after: $0) } ?? inner.startIndex
            var caption = inner[split...].trimmingCharacters(in: .whitespacesAndNewlines)
            if caption.isEmpty, let attribute = attributeValue("caption", in: attributes) { caption = attribute }
            result += "<figure class=\"wp-caption\">" + inner[..<split].trimmingCharacters(in: .whitespacesAndNewlines)
            if !caption.isEmpty { result += "<figcaption>" + caption + "</figcaption>" }
            result += "</figure>"
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    private static func attributeValue(_ name: String, in attributes: Substring) -> String? {
        guard let start = attributes.range(of: name + "=\"") else { return nil }
        let value = attributes[start.upperBound...]
        return value.firstIndex(of: "\"").map { String(value[..<$0]) }
    }

    /// A WordPress comment as the plain text Quire stores for comments: paragraphs and line
    /// breaks kept, tags removed, a link's address kept beside its text, entities decoded.
    public static func commentText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "\r\n", with: "\n")
        text = replacing(#"<a\s[^>]*href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>"#, in: text) { groups in
            let (url, label) = (groups[0], groups[1])
            return label == url || label.isEmpty ? url : "\(label) (\(url))"
        }
        text = replacing(#"<br\s*/?>|</p>\s*"#, in: text) { _ in "\n" }
        text = replacing(#"<[^>]+>"#, in: text) { _ in "" }
        text = HTMLText.decodeEntities(text)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Replaces each match of a case-insensitive pattern with what `transform` makes of its groups.
    private static func replacing(_ pattern: String, in text: String, _ transform: ([String]) -> String) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators]) else {
            return text
        }
        let source = text as NSString
        var result = ""
        var location = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            result += source.substring(with: NSRange(location: location, length: match.range.location - location))
            let groups = (1..<match.numberOfRanges).map { index in
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : source.substring(with: range)
            }
            result += transform(groups)
            location = match.range.location + match.range.length
        }
        return result + source.substring(from: location)
    }
}
