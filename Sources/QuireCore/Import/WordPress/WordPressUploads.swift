import Foundation

/// The images of a WordPress blog, from a copy of its `wp-content/uploads` folder: each image
/// that posts and pages name is brought into media once (the sizes WordPress made of it,
/// `photo-300x200.jpg`, and its `-scaled` copy are recognised as the same image, and the
/// original file is taken), and the posts' addresses of it are rewritten to Quire's.
public struct WordPressUploads: Sendable {
    /// The uploads folder.
    let folder: URL
    /// The old site's host, whose upload URLs are this blog's own (others are left alone).
    let siteHost: String?

    static let marker = "/wp-content/uploads/"
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp"]

    public init(folder: URL, siteURL: String) {
        self.folder = folder
        siteHost = URLComponents(string: siteURL)?.host.map(Self.bareHost)
    }

    /// What bringing the images in did.
    public struct Outcome: Sendable {
        /// Each referenced upload path (as posts name it, below `uploads/`) and its media.
        var media: [String: Media] = [:]
        /// Referenced uploads with no file in the folder, by path.
        public var missing: [String] = []
        /// Files that are there but were not taken, with why.
        public var refused: [(path: String, reason: String)] = []
        /// How many media the files became (several sizes of one image are one).
        public var imported: Int { Set(media.values.map(\.id)).count }
    }

    /// Brings each referenced image into `media`, one original file per image.
    func bringIn(_ paths: Set<String>, media: any MediaStore, now: Date, onImage: (_ done: Int, _ total: Int) -> Void) async throws -> Outcome {
        var outcome = Outcome()
        var byOriginal: [String: [String]] = [:]
        for path in paths.sorted() {
            guard let original = originalFile(for: path) else {
                outcome.missing.append(path)
                continue
            }
            byOriginal[original, default: []].append(path)
        }
        var done = 0
        for (original, referenced) in byOriginal.sorted(by: { $0.key < $1.key }) {
            defer {
                done += 1
                onImage(done, byOriginal.count)
            }
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: folder.appendingPathComponent(original)))
            } catch {
                outcome.refused.append((original, "can't be read: \(error.localizedDescription)"))
                continue
            }
            do {
                let added = try await media.add(bytes: bytes, alt: "", ownerID: nil, now: now).media
                for path in referenced { outcome.media[path] = added }
            } catch let refusal as MediaRefusal {
                outcome.refused.append((original, refusal.description))
            }
        }
        return outcome
    }

    /// `html` with each of this site's upload URLs that became media pointing at the media: an
    /// `<img>` becomes Quire's own (`src` and `alt`; the page gives it its sizes), any other use
    /// of the address (a link to the full image) takes the media's full-size URL.
    func rewrite(_ html: String, with outcome: Outcome) -> String {
        guard !outcome.media.isEmpty, html.contains(Self.marker) else { return html }
        var result = ""
        var rest = html[...]
        while let start = rest.range(of: "<img", options: .caseInsensitive) {
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { break }
            result += rest[..<start.lowerBound]
            let tag = rest[start.lowerBound...end]
            rest = rest[rest.index(after: end)...]
            let attributes = HTMLAttributes(tag)
            if let src = attributes["src"], let path = uploadPath(of: src), let media = outcome.media[path] {
                let alt = attributes["alt"] ?? media.alt
                result += "<img src=\"\(media.url)\" alt=\"\(HTMLText.escape(alt))\">"
            } else {
                result += tag
            }
        }
        result += rest
        // Each other use, where it stands (the same path may be another site's elsewhere).
        var rewritten = ""
        var last = result.startIndex
        for range in Self.urlRanges(in: result) {
            guard let path = uploadPath(of: String(result[range])), let media = outcome.media[path] else { continue }
            rewritten += result[last..<range.lowerBound] + media.url
            last = range.upperBound
        }
        return rewritten + result[last...]
    }

    /// The media an address (a featured image's) became, if any.
    func media(for url: String, in outcome: Outcome) -> Media? {
        uploadPath(of: url).flatMap { outcome.media[$0] }
    }

    /// Every URL in `html` that has `/wp-content/uploads/` in it, as written.
    static func urls(in html: String) -> [String] {
        urlRanges(in: html).map { String(html[$0]) }
    }

    /// Where each such URL stands: from the quote, space or bracket before it to the one after.
    private static func urlRanges(in html: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var rest = html[...]
        let stops: Set<Character> = ["\"", "'", " ", "\n", "\t", "(", ")", "<", ">", ","]
        while let marker = rest.range(of: Self.marker) {
            let start = rest[..<marker.lowerBound].lastIndex(where: { stops.contains($0) }).map { rest.index(after: $0) } ?? rest.startIndex
            let end = rest[marker.upperBound...].firstIndex(where: { stops.contains($0) }) ?? rest.endIndex
            found.append(start..<end)
            rest = rest[end...]
        }
        return found
    }

    /// The path below `uploads/` of one of this site's image URLs (absolute or root-relative),
    /// percent-decoded, with no `..`; nil for anything else.
    func uploadPath(of url: String) -> String? {
        let url = HTMLText.decodeEntities(url)
        guard let marker = url.range(of: Self.marker) else { return nil }
        let prefix = url[..<marker.lowerBound]
        if !prefix.isEmpty {
            guard let host = URLComponents(string: String(prefix))?.host.map(Self.bareHost), host == siteHost else { return nil }
        }
        var path = String(url[marker.upperBound...])
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        path = path.removingPercentEncoding ?? path
        let parts = path.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(".."), !parts.contains("."),
              let ext = parts.last?.split(separator: ".").last, Self.imageExtensions.contains(ext.lowercased())
        else { return nil }
        return parts.joined(separator: "/")
    }

    /// The file the image at `path` was made from: without WordPress's `-WIDTHxHEIGHT` size and
    /// `-scaled` suffixes when that file is there, else the `-scaled` copy WordPress makes of a
    /// large upload, else the file itself; nil when none is.
    func originalFile(for path: String) -> String? {
        let (folderPart, name) = path.lastIndex(of: "/").map { (String(path[...$0]), String(path[path.index(after: $0)...])) } ?? ("", path)
        guard let dot = name.lastIndex(of: ".") else { return nil }
        var stem = String(name[..<dot])
        let ext = String(name[dot...])
        var candidates: [String] = []
        if let size = stem.range(of: #"-\d+x\d+$"#, options: .regularExpression) { stem.removeSubrange(size) }
        if stem.hasSuffix("-scaled") { stem.removeLast("-scaled".count) }
        candidates += [stem, stem + "-scaled", String(name[..<dot])]
        for candidate in candidates {
            let relative = folderPart + candidate + ext
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isFolder), !isFolder.boolValue {
                return relative
            }
        }
        return nil
    }

    private static func bareHost(_ host: String) -> String {
        let lower = host.lowercased()
        return lower.hasPrefix("www.") ? String(lower.dropFirst(4)) : lower
    }
}

/// The attributes of one HTML start tag, as written (`<img class="a" src='b' alt=c>`).
struct HTMLAttributes {
    private var values: [String: String] = [:]

    init(_ tag: Substring) {
        var rest = tag.drop { $0 != " " && $0 != "\t" && $0 != "\n" }
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            guard let first = rest.first, first != ">" else { break }
            let name = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != ">" && $0 != "/" }
            rest = rest.dropFirst(name.count).drop(while: \.isWhitespace)
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst().drop(while: \.isWhitespace)
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    let body = rest.dropFirst()
                    let end = body.firstIndex(of: quote) ?? body.endIndex
                    value = String(body[..<end])
                    rest = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                } else {
                    let raw = rest.prefix { !$0.isWhitespace && $0 != ">" }
                    value = String(raw)
                    rest = rest.dropFirst(raw.count)
                }
            }
            if name.isEmpty { rest = rest.dropFirst() } else if values[name.lowercased()] == nil { values[name.lowercased()] = HTMLText.decodeEntities(value) }
        }
    }

    subscript(name: String) -> String? { values[name] }
}
