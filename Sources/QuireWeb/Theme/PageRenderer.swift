import Foundation
import Mustache

/// The theme's Mustache templates, loaded once from the binary's resource bundle.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every `.mustache` file of the bundled `Templates` folder.
    static func bundled() async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ResourceError.missing("Templates")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: folder.path))
    }

    /// Renders a view model with a named template.
    func render(_ view: Any, template: String) throws -> String {
        guard let html = library.render(view, withTemplate: template) else {
            throw ResourceError.missing("Templates/\(template).mustache")
        }
        return html
    }
}
