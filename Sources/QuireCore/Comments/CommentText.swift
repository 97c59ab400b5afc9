import Foundation

/// Turns a comment's plain text into safe HTML: everything escaped, paragraphs and line breaks
/// kept, http(s) URLs made into links that search engines don't follow.
public enum CommentText {
    public static let linkRel = "nofollow ugc noopener"

    public static func html(_ text: String) -> String {
        let normalized = text.utf8.contains(UInt8(ascii: "\r"))
            ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        var paragraphs: [[Substring]] = [[]]
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !(paragraphs.last?.isEmpty ?? true) { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        return paragraphs.filter { !$0.isEmpty }
            .map { lines in "<p>" + lines.map { linkified(String($0)) }.joined(separator: "<br>\n") + "</p>" }
            .joined(separator: "\n")
    }

    /// The text escaped, with each http(s) URL in it turned into a link.
    static func linkified(_ line: String) -> String {
        var html = ""
        var position = line.startIndex
        for range in urlRanges(in: line) {
            html += HTMLText.escape(String(line[position..<range.lowerBound]))
            let url = HTMLText.escape(String(line[range]))
            html += "<a href=\"\(url)\" rel=\"\(linkRel)\">\(url)</a>"
            position = range.upperBound
        }
        return html + HTMLText.escape(String(line[position...]))
    }

    /// The ranges of `http://` and `https://` URLs: up to white space or a character that can't
    /// stand in a URL, without trailing punctuation.
    static func urlRanges(in text: String) -> [Range<String.Index>] {
        // Most comments hold no URL: a scan of the bytes says so without Foundation's search.
        let bytes = Array(text.utf8.lazy.map(\.lowercasedASCII))
        guard bytes.count >= 4, (0...(bytes.count - 4)).contains(where: { bytes[$0] == 0x68 && bytes[$0 + 1] == 0x74 && bytes[$0 + 2] == 0x74 && bytes[$0 + 3] == 0x70 }) else {
            return []
        }
        var ranges: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while let start = text.range(of: "http", options: .caseInsensitive, range: searchStart..<text.endIndex)?.lowerBound {
            let rest = text[start...]
            let lowered = rest.prefix(8).lowercased()
            let schemeLength = lowered.hasPrefix("https://") ? 8 : lowered.hasPrefix("http://") ? 7 : 0
            let isWordStart = start == text.startIndex || !(text[text.index(before: start)].isLetter || text[text.index(before: start)].isNumber)
            guard schemeLength > 0, isWordStart else {
                searchStart = text.index(after: start)
                continue
            }
            var end = rest.firstIndex { $0.isWhitespace || "<>\"'`{}|\\^".contains($0) } ?? text.endIndex
            while end > start, ".,;:!?)]}".contains(text[text.index(before: end)]) {
                end = text.index(before: end)
            }
            if text.distance(from: start, to: end) > schemeLength {
                ranges.append(start..<end)
            }
            searchStart = max(end, text.index(start, offsetBy: schemeLength))
        }
        return ranges
    }
}
