import Foundation
import GRDB

/// An uploaded image (a row of `media`) and the sizes made of it.
public struct Media: Sendable, Equatable, Identifiable {
    public var id: Int64
    /// The start of the SHA-256 of the uploaded bytes; every file's name begins with it.
    public var hash: String
    public var format: ImageFormat
    /// The full-size image, upright.
    public var width: Int
    public var height: Int
    public var alt: String
    /// The full-size file's bytes.
    public var bytes: Int
    public var ownerID: Int64?
    public var createdAt: Date
    /// Every file, widest first.
    public var sizes: [MediaSize]

    /// The full-size file in the image's own format: what feeds and the API give as the image.
    public var url: String { MediaSize.url(hash: hash, width: width, format: format) }

    /// The image in Markdown, `![alt](url)`, with its own alt text unless another is given.
    public func markdown(alt: String? = nil) -> String {
        "![\((alt ?? self.alt).replacingOccurrences(of: "]", with: "\\]"))](\(url))"
    }
}

/// One file of a media: a width in one format, at `/media/{hash}-{width}.{ext}`.
public struct MediaSize: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var format: ImageFormat
    public var name: String

    public var url: String { "/media/\(name)" }

    public static func name(hash: String, width: Int, format: ImageFormat) -> String {
        "\(hash)-\(width).\(format.fileExtension)"
    }

    public static func url(hash: String, width: Int, format: ImageFormat) -> String {
        "/media/\(name(hash: hash, width: width, format: format))"
    }
}

/// A file as served: its type and bytes.
public struct MediaFile: Sendable {
    public var format: ImageFormat
    public var bytes: [UInt8]
}

extension Media {
    /// The full-size width of a media file's name, and the hash it starts with:
    /// `{32 hex digits}-{width}.{ext}`; nil for a name no media file could have.
    public static func parts(ofFileName name: some StringProtocol) -> (hash: String, width: Int, format: ImageFormat)? {
        guard let dash = name.firstIndex(of: "-"), let dot = name.lastIndex(of: "."), dash < dot else { return nil }
        let hash = name[..<dash]
        guard hash.utf8.count == 32, hash.utf8.allSatisfy({ $0.hexDigitValue != nil && $0.lowercasedASCII == $0 }),
              let width = Int(name[name.index(after: dash)..<dot]), width > 0,
              let format = ImageFormat(fileExtension: name[name.index(after: dot)...])
        else { return nil }
        return (String(hash), width, format)
    }

    init(row: Row, sizes: [MediaSize]) {
        id = row["id"]
        hash = row["hash"]
        format = ImageFormat(rawValue: row["type"]) ?? .jpeg
        width = row["width"]
        height = row["height"]
        alt = row["alt"]
        bytes = row["bytes"]
        ownerID = row["owner_id"]
        createdAt = row["created_at"]
        self.sizes = sizes
    }
}
