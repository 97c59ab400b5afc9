import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed XML file: its qualified name (`wp:post_id`), attributes, text and
/// children. `WXRReader` builds one `<item>` (or author) at a time, never the whole file.
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
}
