/// What an upload must be to become media (SPEC §9, config `media`), and the widths made of it.
public struct MediaRules: Sendable, Equatable {
    public var maxBytes: Int
    public var maxPixels: Int
    public var widths: [Int]

    public init(maxBytes: Int, maxPixels: Int, widths: [Int]) {
        self.maxBytes = maxBytes
        self.maxPixels = maxPixels
        self.widths = widths
    }

    /// Reads and checks an upload's header: its type from the bytes, its pixels counted before
    /// anything is decoded.
    public func header(of bytes: [UInt8]) throws(MediaRefusal) -> ImageHeader {
        guard bytes.count <= maxBytes else { throw .tooLarge(maxBytes: maxBytes) }
        let header: ImageHeader
        do {
            header = try ImageHeader(reading: bytes)
        } catch {
            switch error {
            case .unsupportedType: throw .unsupportedType
            case .unreadable(let reason): throw .undecodable(reason)
            }
        }
        guard header.pixelCount <= maxPixels else { throw .tooManyPixels(header, maxPixels: maxPixels) }
        return header
    }
}

/// Why an upload was not taken; each has its status (413, 415, 422) and a message saying what
/// to do.
public enum MediaRefusal: Error, Equatable, CustomStringConvertible {
    case tooLarge(maxBytes: Int)
    case unsupportedType
    case undecodable(String)
    case tooManyPixels(ImageHeader, maxPixels: Int)

    public var description: String {
        switch self {
        case .tooLarge(let maxBytes):
            "The file is larger than \(maxBytes / 1_048_576) MB, the most this blog takes (media.max_upload_mb). Make it smaller, then upload it again."
        case .unsupportedType:
            "The file is not a JPEG, PNG, WebP or GIF image (judged from its bytes, not its name; SVG is not taken). Save it in one of these formats and upload it again."
        case .undecodable(let reason):
            "The image could not be read: \(reason). The file may be damaged or cut short; export it again and upload the new file."
        case .tooManyPixels(let header, let maxPixels):
            "The image is \(header.width) × \(header.height) pixels\(header.frames > 1 ? " in \(header.frames) frames" : ""), more than the \(maxPixels) pixels this blog takes (media.max_pixels). Scale it down, then upload it again."
        }
    }
}
