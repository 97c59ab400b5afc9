import Foundation
import QuireCore

/// Gives the images of a page that are Quire media their sizes: `srcset` in WebP and in the
/// image's own format, `sizes`, `width` and `height` (so nothing moves as they load), and
/// `loading="lazy"` below the fold. Images hosted elsewhere are left as they are.
struct ResponsiveImages: Sendable {
    /// The media the page shows, by hash.
    let media: [String: Media]
    /// `base_url` without its trailing slash: media addresses may be absolute under it, as the
    /// API gives them.
    let baseURL: String

    static let none = ResponsiveImages(media: [:], baseURL: "")
    /// The theme's column: the full width of a phone, at most 42rem.
    static let sizes = "(max-width: 42rem) 100vw, 42rem"

    /// The hashes of the media that `urls` and the `<img>` tags of `bodies` name.
    static func hashes(urls: [String], bodies: [String], baseURL: String) -> Set<String> {
        var hashes = Set(urls.compactMap { mediaParts(ofURL: $0, baseURL: baseURL)?.hash })
        for body in bodies {
            var rest = body[...]
            while let range = rest.range(of: imageTagStart) {
                let source = String(rest[range.upperBound...].prefix { $0 != "\"" })
                if let parts = mediaParts(ofURL: source, baseURL: baseURL) { hashes.insert(parts.hash) }
                rest = rest[range.upperBound...]
            }
        }
        return hashes
    }

    /// The sizes of a featured image, or nil when it is not Quire media.
    func sources(ofURL url: String) -> ImageSources? {
        guard let parts = Self.mediaParts(ofURL: url, baseURL: baseURL), let media = media[parts.hash] else { return nil }
        return ImageSources(media)
    }

    /// A post body with each `<img>` of Quire media (as the Markdown renderer writes them: `src`
    /// first) made a `<picture>` with its sizes, lazily loaded.
    func body(_ html: String) -> String {
        guard !media.isEmpty, html.contains(Self.imageTagStart) else { return html }
        var result = ""
        var rest = html[...]
        while let start = rest.range(of: "<img ") {
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { break }
            result += rest[..<start.lowerBound]
            let tag = rest[start.lowerBound...end]
            rest = rest[rest.index(after: end)...]
            guard tag.hasPrefix(Self.imageTagStart), let src = Self.attribute("src", in: tag),
                  let parts = Self.mediaParts(ofURL: String(src), baseURL: baseURL), let media = media[parts.hash]
            else {
                result += tag
                continue
            }
            let sources = ImageSources(media)
            let alt = Self.attribute("alt", in: tag) ?? ""
            result += "<picture>"
            if let webp = sources.webpSrcset { result += "<source type=\"image/webp\" srcset=\"\(webp)\" sizes=\"\(Self.sizes)\">" }
            result += "<img src=\"\(src)\" srcset=\"\(sources.srcset)\" sizes=\"\(Self.sizes)\" width=\"\(media.width)\" height=\"\(media.height)\" alt=\"\(alt)\" loading=\"lazy\" decoding=\"async\"></picture>"
        }
        return result + rest
    }

    private static let imageTagStart = "<img src=\""

    /// An attribute's value as written in a tag Quire made (double quotes, already escaped).
    private static func attribute(_ name: String, in tag: Substring) -> Substring? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        let value = tag[start.upperBound...]
        return value.firstIndex(of: "\"").map { value[..<$0] }
    }

    /// The parts of a media file's address: `/media/NAME`, or the same under `base_url`.
    private static func mediaParts(ofURL url: String, baseURL: String) -> (hash: String, width: Int, format: ImageFormat)? {
        var path = url[...]
        if !baseURL.isEmpty, path.hasPrefix(baseURL + "/") { path = path.dropFirst(baseURL.count) }
        guard path.hasPrefix("/media/") else { return nil }
        return Media.parts(ofFileName: path.dropFirst("/media/".count))
    }
}

/// The files of one media for an `<img srcset>` and its WebP `<source>`.
struct ImageSources: Sendable {
    var srcset: String
    var webpSrcset: String?
    var width: Int
    var height: Int

    init(_ media: Media) {
        func srcset(_ format: ImageFormat) -> String {
            media.sizes.filter { $0.format == format }.reversed().map { "\($0.url) \($0.width)w" }.joined(separator: ", ")
        }
        self.srcset = srcset(media.format)
        webpSrcset = media.format == .webp ? nil : srcset(.webp)
        width = media.width
        height = media.height
    }
}

extension MediaStore {
    /// The media that posts show: their featured images, and with `bodies` the images in them.
    func images(for posts: [PostWithTags], bodies: Bool, baseURL: String) async throws -> ResponsiveImages {
        let hashes = ResponsiveImages.hashes(
            urls: posts.compactMap(\.post.featuredImage?.url),
            bodies: bodies ? posts.map(\.post.bodyHTML) : [],
            baseURL: baseURL
        )
        return ResponsiveImages(media: try await media(hashes: hashes), baseURL: baseURL)
    }
}
