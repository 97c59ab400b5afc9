import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed XML file: its qualified name (`wp:post_id`), attributes, text and
/// children. A WXR export is small enough to hold whole, and is read only after all of it has
/// parsed, so a truncated file imports nothing.
struct WXRElement {
    var name: String
    var attributes: [String: String]
    var text = ""
    var children: [WXRElement] = []

    /// The first child with this name.
    func child(_ name: String) -> WXRElement? {
        children.first { $0.name == name }
    }

    func children(_ name: String) -> [WXRElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child with this name, trimmed; empty when there is none.
    func value(_ name: String) -> String {
        child(name)?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Parses a whole XML document, or throws with the line where it stopped making sense.
    static func parse(_ data: Data) throws(WordPressImportError) -> WXRElement {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let ending = String(decoding: data.suffix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let reason = ending.hasSuffix("</rss>") ? "the XML is malformed at column \(parser.columnNumber)" : "the file ends before its closing </rss>"
            throw .notWellFormed(line: parser.lineNumber, reason: reason)
        }
        return root
    }

    /// Collects the tree while `XMLParser` reads the file.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [WXRElement] = []
        var root: WXRElement?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            stack.append(WXRElement(name: name, attributes: attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: block, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }
    }
}
