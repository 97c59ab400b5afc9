import Foundation
import Mustache

/// The theme's Mustache templates, loaded once from the binary's resource bundle.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every `.mustache` file of the bundled `Templates` folder, each named by its file
    /// name without the extension (`post`), and those of `Templates/Admin` as `admin-NAME`; all
    /// escape with `HTMLEscapedContent`. A theme's `templates/` files then replace the public
    /// ones of the same name (the admin keeps its own); one that can't be parsed stops start-up
    /// with its file and line.
    static func bundled(theme: URL? = nil) async throws -> PageRenderer {
        guard let folder = builtInFolder else { throw ResourceError.missing("Templates") }
        HTMLEscapedContent.register()
        var library = MustacheLibrary()
        try register(folder, prefix: "", in: &library)
        try register(folder.appendingPathComponent("Admin"), prefix: "admin-", in: &library)
        if let theme {
            let templates = theme.appendingPathComponent("templates")
            if FileManager.default.fileExists(atPath: templates.path) { try register(templates, prefix: "", in: &library) }
        }
        return PageRenderer(library: library)
    }

    /// The built-in theme's templates.
    static var builtInFolder: URL? {
        Bundle.module.url(forResource: "Templates", withExtension: nil)
    }

    private static func register(_ folder: URL, prefix: String, in library: inout MustacheLibrary) throws {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "mustache" {
            guard let source = try? String(contentsOf: file, encoding: .utf8) else {
                throw ThemeError(description: "\(file.path): can't be read as UTF-8 text")
            }
            do {
                try library.register(HTMLEscapedContent.pragma + source, named: prefix + file.deletingPathExtension().lastPathComponent)
            } catch let error as MustacheTemplate.ParserError {
                // The pragma line comes first: the file's own lines are one lower.
                throw ThemeError(description: "\(file.path):\(error.context.lineNumber - 1):\(error.context.columnNumber): \(error.error) in “\(error.context.line.trimmingCharacters(in: .whitespaces))”")
            }
        }
    }

    /// Renders a view model with a named template.
    func render(_ view: Any, template: String) throws -> String {
        guard let html = library.render(view, withTemplate: template) else {
            throw ResourceError.missing("Templates/\(template).mustache")
        }
        return html
    }
}
