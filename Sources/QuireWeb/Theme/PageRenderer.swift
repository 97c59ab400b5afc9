import Foundation
import Mustache

/// The theme's Mustache templates, loaded once from the binary's resource bundle.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every `.mustache` file of the bundled `Templates` folder, each named by its file
    /// name without the extension (`post`), and those of `Templates/Admin` as `admin-NAME`; all
    /// escape with `HTMLEscapedContent`.
    static func bundled() async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ResourceError.missing("Templates")
        }
        HTMLEscapedContent.register()
        var library = MustacheLibrary()
        try register(folder, prefix: "", in: &library)
        try register(folder.appendingPathComponent("Admin"), prefix: "admin-", in: &library)
        return PageRenderer(library: library)
    }

    private static func register(_ folder: URL, prefix: String, in library: inout MustacheLibrary) throws {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "mustache" {
            let source = try String(contentsOf: file, encoding: .utf8)
            try library.register(HTMLEscapedContent.pragma + source, named: prefix + file.deletingPathExtension().lastPathComponent)
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
