import Mustache
import QuireCore

/// Mustache's `{{name}}` escaping for HTML, done on UTF-8 bytes by `HTMLText.escape`.
///
/// The library's own escaping walks characters through a dictionary; on a post page that was a
/// tenth of the server's CPU time, and a quote followed by a combining mark (one `Character`)
/// passed through it unescaped. The same five characters are escaped the same way. Every
/// template `PageRenderer` loads starts with `pragma`, so theme files need not name it.
struct HTMLEscapedContent: MustacheContentType {
    static let name = "QUIRE_HTML"
    /// A line of its own, which Mustache drops from the output as a standalone tag.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    func escapeText(_ text: String) -> String {
        HTMLText.escape(text)
    }

    /// Makes the pragma's name known to the template parser; the same every time it is called.
    static func register() {
        MustacheContentTypes.register(HTMLEscapedContent(), named: name)
    }
}
