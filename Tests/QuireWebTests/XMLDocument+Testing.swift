import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML document, flattened for assertions: every element's name, attributes and text,
/// in document order. Parsing fails the test's expectation when the XML is not well-formed.
final class ParsedXML: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
    }

    private(set) var elements: [Element] = []
    private var stack: [Int] = []
    private(set) var error: (any Error)?

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? ParseFailure() }
    }

    struct ParseFailure: Error {}

    var isWellFormed: Bool { error == nil }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    func texts(_ name: String) -> [String] { all(name).map(\.text) }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        stack.append(elements.count)
        elements.append(Element(name: name, attributes: attributes, text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = stack.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if let index = stack.popLast() {
            elements[index].text = elements[index].text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
