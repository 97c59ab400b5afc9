import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a WordPress export as it streams in, holding one `<item>` at a time: memory stays the
/// size of the largest post with its comments, whatever the size of the file.
///
/// The channel's own values (its address, the authors, the WXR version) are collected as they
/// come; each item goes to `onItem` whole when it closes.
final class WXRReader: NSObject, XMLParserDelegate {
    /// The channel's values, complete once the whole file has been read.
    struct Channel {
        var hasVersion = false
        var baseBlogURL = ""
        var baseSiteURL = ""
        var link = ""
        var authorNames: [String: String] = [:]

        /// The exporting site's address, which scopes the ids in import records.
        var siteURL: String { baseBlogURL.nonEmpty ?? baseSiteURL.nonEmpty ?? link }
    }

    /// Reads the whole source, calling `onItem` for each item in file order; throws when the file
    /// is not well-formed WXR (after the items before the fault were passed on) or when
    /// `onItem` throws.
    static func read(_ source: WXRSource, onItem: @escaping (WXRElement) throws -> Void) throws -> Channel {
        if let offset = try source.firstByteNotUTF8() { throw WordPressImportError.notUTF8(offset: offset) }
        switch try source.firstUnreadableMarkup() {
        case .emptyProcessingInstruction(let offset): throw WordPressImportError.emptyProcessingInstruction(offset: offset)
        case .doctype(let offset): throw WordPressImportError.doctype(offset: offset)
        case nil: break
        }
        let reader = WXRReader(onItem: onItem)
        let parser = XMLParser(stream: source.makeStream())
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let parsed = parser.parse()
        if let failure = reader.failure { throw failure }
        // A stream that stops mid-document can parse "successfully": the root must have closed.
        guard parsed, reader.sawRoot, reader.rootClosed else {
            let reason = source.endsWithClosingRSS() ? "the XML is malformed at column \(parser.columnNumber)" : "the file ends before its closing </rss>"
            throw WordPressImportError.notWellFormed(line: parser.lineNumber, reason: reason)
        }
        guard reader.sawChannel else { throw WordPressImportError.notWXR("it has no <channel>") }
        guard reader.channel.hasVersion else { throw WordPressImportError.notWXR("it has no <wp:wxr_version>") }
        return reader.channel
    }

    private let onItem: (WXRElement) throws -> Void
    private var channel = Channel()
    private var failure: (any Error)?
    private var sawRoot = false
    private var sawChannel = false
    private var rootClosed = false
    /// How many elements are open, the root counted.
    private var depth = 0
    /// The channel child being built, innermost element last.
    private var building: [WXRElement] = []

    private init(onItem: @escaping (WXRElement) throws -> Void) {
        self.onItem = onItem
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        switch depth {
        case 1:
            sawRoot = true
            if name != "rss" { stop(parser, WordPressImportError.notWXR("its root element is <\(name)>, not <rss>")) }
        case 2:
            if name == "channel" { sawChannel = true }
        case 3 where sawChannel && building.isEmpty:
            building = [WXRElement(name: name, attributes: attributes)]
        default:
            if !building.isEmpty { building.append(WXRElement(name: name, attributes: attributes)) }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !building.isEmpty else { return }
        building[building.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        guard !building.isEmpty else { return }
        building[building.count - 1].text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if depth == 0 { rootClosed = true }
        guard let element = building.popLast() else { return }
        if !building.isEmpty {
            building[building.count - 1].children.append(element)
            return
        }
        do {
            try finished(element)
        } catch {
            stop(parser, error)
        }
    }

    /// A whole child of the channel.
    private func finished(_ element: WXRElement) throws {
        let value = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch element.name {
        case "item": try onItem(element)
        case "wp:wxr_version": channel.hasVersion = true
        case "wp:base_blog_url": channel.baseBlogURL = value
        case "wp:base_site_url": channel.baseSiteURL = value
        case "link": channel.link = value
        case "wp:author": channel.authorNames[element.value("wp:author_login")] = element.value("wp:author_display_name").nonEmpty
        default: break
        }
    }

    private func stop(_ parser: XMLParser, _ error: any Error) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }
}

/// Where an export is read from: a file, streamed, or bytes already in memory.
enum WXRSource: Sendable {
    case file(URL)
    case data(Data)

    func makeStream() -> InputStream {
        switch self {
        case .file(let url): InputStream(url: url) ?? InputStream(data: Data())
        case .data(let data): InputStream(data: data)
        }
    }

    /// Where the first byte that is not part of valid UTF-8 is, or nil when all of it is UTF-8
    /// or the file declares ISO-8859-1 (which the parser turns into UTF-8 itself); a file is
    /// read in 1 MiB chunks, once, before it is parsed. Any other declared encoding is refused.
    func firstByteNotUTF8() throws -> Int? {
        guard try declaredEncoding() == .utf8 else { return nil }
        var carried: [UInt8] = []
        var offset = 0
        return try firstInChunks { chunk in
            let bytes = carried + chunk
            if let bad = Self.firstInvalid(in: bytes, final: chunk.isEmpty) { return offset + bad }
            // A sequence cut by the chunk's end is checked with the next chunk.
            let kept = Self.incompleteTail(of: bytes)
            carried = Array(bytes.suffix(kept))
            offset += bytes.count - kept
            return nil
        }
    }

    /// The first processing instruction with nothing in it (`<?x?>`) or `<!DOCTYPE` outside CDATA
    /// and comments, or nil. Foundation's parser on Linux crashes on the first (it reads the
    /// absent text as a C string; found by fuzzing); WordPress writes neither.
    func firstUnreadableMarkup() throws -> UnreadableMarkupScanner.Finding? {
        var scanner = UnreadableMarkupScanner()
        return try firstInChunks { chunk in scanner.scan(chunk) }
    }

    /// `body`'s first answer that is not nil, given the source in chunks of at most 1 MiB in
    /// order and then an empty chunk for the end; a file is read once, a chunk at a time.
    private func firstInChunks<Found>(_ body: ([UInt8]) throws -> Found?) throws -> Found? {
        switch self {
        case .data(let data):
            return try body(Array(data)) ?? body([])
        case .file(let url):
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            while true {
                let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
                if let found = try body(Array(chunk)) { return found }
                if chunk.isEmpty { return nil }
            }
        }
    }

    /// The encodings an export may declare. UTF-8 (XML's default; ASCII is part of it) is checked
    /// byte by byte. In ISO-8859-1 every byte is a character, which libxml2 turns into UTF-8.
    /// Any other is refused: with a name libxml2 doesn't know ("ISO-1", found by fuzzing) it
    /// hands bytes that are not UTF-8 to Foundation's parser, which then crashes.
    enum Encoding { case utf8, latin1 }

    /// The encoding the XML declaration names (`encoding` right after `version`, as XML has it),
    /// or UTF-8 when it names none.
    func declaredEncoding() throws -> Encoding {
        let start: Data
        switch self {
        case .data(let data): start = data.prefix(256)
        case .file(let url):
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            start = try handle.read(upToCount: 256) ?? Data()
        }
        let head = String(decoding: start, as: UTF8.self)
        guard let found = head.prefixMatch(of: /\u{FEFF}?<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*')[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/)
        else { return .utf8 }
        let name = String(found.1 ?? found.2 ?? "")
        switch name.lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii": return .utf8
        case "iso-8859-1", "iso_8859-1", "latin1", "latin-1": return .latin1
        default: throw WordPressImportError.unsupportedEncoding(name)
        }
    }

    /// The offset of the first invalid sequence; a sequence cut short at the end counts only
    /// when `final`.
    private static func firstInvalid(in bytes: [UInt8], final: Bool) -> Int? {
        let end = final ? bytes.count : bytes.count - incompleteTail(of: bytes)
        var iterator = bytes[..<end].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// How many bytes at the end begin a multi-byte sequence that the end cuts short (0 to 3).
    private static func incompleteTail(of bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        for back in 1...min(3, bytes.count) {
            let byte = bytes[bytes.count - back]
            guard byte & 0xC0 == 0x80 else {
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return length > back ? back : 0
            }
        }
        return 0
    }

    /// Whether the last bytes are `</rss>`, to tell a file cut short from one malformed inside.
    func endsWithClosingRSS() -> Bool {
        let ending: Data
        switch self {
        case .data(let data):
            ending = data.suffix(64)
        case .file(let url):
            guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
            defer { try? handle.close() }
            let size = (try? handle.seekToEnd()) ?? 0
            try? handle.seek(toOffset: size > 64 ? size - 64 : 0)
            ending = (try? handle.readToEnd()) ?? Data()
        }
        return String(decoding: ending, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</rss>")
    }
}
