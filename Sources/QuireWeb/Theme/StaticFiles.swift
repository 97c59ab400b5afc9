import Foundation
import Hummingbird

/// The theme's static files, read into memory once at start-up.
///
/// Only files found under the bundled `Static` folder at start-up can ever be served: a request
/// path is looked up in this table, never joined to a file system path, so no spelling of `..`
/// can reach outside the theme.
struct StaticFiles: Sendable {
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var etag: String
        /// A fingerprint of the contents, for `?v=` in URLs that may then be cached forever.
        var version: String
    }

    let files: [String: File]

    /// Loads the bundled theme's files, then a theme's `static/` files over them: a file of the
    /// same path replaces the built-in one, a new path is added.
    static func bundled(theme: URL? = nil) throws -> StaticFiles {
        guard let folder = builtInFolder else { throw ResourceError.missing("Static") }
        var files = try StaticFiles(folder: folder).files
        if let theme {
            let themed = theme.appendingPathComponent("static")
            if FileManager.default.fileExists(atPath: themed.path) {
                files.merge(try StaticFiles(folder: themed).files) { _, theirs in theirs }
            }
        }
        return StaticFiles(files: files)
    }

    /// The built-in theme's static files.
    static var builtInFolder: URL? {
        Bundle.module.url(forResource: "Static", withExtension: nil)
    }

    init(files: [String: File]) {
        self.files = files
    }

    /// Loads every regular file below `folder`, keyed by its path relative to the folder.
    init(folder: URL) throws {
        var files: [String: File] = [:]
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let hash = ContentHash.hex(data)
            files[relative] = File(
                bytes: ByteBuffer(bytes: data),
                contentType: Self.contentType(of: relative),
                etag: "\"\(hash)\"",
                version: String(hash.prefix(12))
            )
        }
        self.files = files
    }

    /// The URL of a theme file with its fingerprint, such as `/static/css/quire.css?v=1a2b3c`.
    func fingerprintedURL(_ path: String) -> String {
        guard let file = files[path] else { return "/static/\(path)" }
        return "/static/\(path)?v=\(file.version)"
    }

    /// The file a URL path below `/static/` names, after percent-decoding; nil when there is none.
    func file(forURLPath path: Substring) -> File? {
        guard let decoded = String(path).removingPercentEncoding else { return nil }
        return files[decoded]
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "svg": "image/svg+xml"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
