import Foundation

/// `quire theme export DIR`: the built-in theme written out as a theme folder to start from:
/// `templates/` and `static/`, the public ones only (the admin keeps its own templates and its
/// `static/admin/` files).
public enum ThemeExport {
    /// Writes the files and returns their paths, relative to `folder`. Refuses a folder that
    /// already holds any of them unless `replacing`.
    public static func write(to folder: URL, replacing: Bool) throws -> [String] {
        guard let templates = PageRenderer.builtInFolder else { throw ResourceError.missing("Templates") }
        guard let statics = StaticFiles.builtInFolder else { throw ResourceError.missing("Static") }
        var copies: [(from: URL, to: String)] = []
        for file in try FileManager.default.contentsOfDirectory(at: templates, includingPropertiesForKeys: nil) where file.pathExtension == "mustache" {
            copies.append((file, "templates/" + file.lastPathComponent))
        }
        let root = statics.standardizedFileURL.resolvingSymlinksInPath()
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let relative = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let source = root.appendingPathComponent(relative)
            if !relative.hasPrefix("admin/"), FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder), !isFolder.boolValue {
                copies.append((source, "static/" + relative))
            }
        }
        copies.sort { $0.to < $1.to }
        if !replacing, let taken = copies.first(where: { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.to).path) }) {
            throw ThemeError(description: "\(folder.appendingPathComponent(taken.to).path) already exists; choose an empty folder, or add --force to replace the theme's files")
        }
        for copy in copies {
            let target = folder.appendingPathComponent(copy.to)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            try FileManager.default.copyItem(at: copy.from, to: target)
        }
        return copies.map(\.to)
    }
}
