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
