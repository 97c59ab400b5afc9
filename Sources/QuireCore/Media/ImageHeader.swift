/// What an image's first bytes say about it: its format (read from the bytes, never from a
/// name), its size in pixels and how many frames it has. Read before anything is decoded, so
/// that a file claiming more pixels than allowed is refused without being decoded.
public struct ImageHeader: Sendable, Equatable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    /// 1 for a still image; an animated GIF or WebP has more.
    public var frames: Int

    /// Every pixel of every frame: what decoding the image would take (`Int.max` past it).
    public var pixelCount: Int {
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        let (count, overflowAgain) = area.multipliedReportingOverflow(by: frames)
        return overflow || overflowAgain ? Int.max : count
    }

    /// Why an upload is not an image Quire takes.
    public enum Problem: Error, Equatable, Sendable {
        /// Not JPEG, PNG, WebP or GIF (SVG and empty files included).
        case unsupportedType
        /// One of the four formats, but its header is cut short or makes no sense.
        case unreadable(String)
    }

    public init(format: ImageFormat, width: Int, height: Int, frames: Int) {
        self.format = format
        self.width = width
        self.height = height
        self.frames = frames
    }

    /// Reads the header of `bytes`.
    public init(reading bytes: [UInt8]) throws(Problem) {
        var reader = ByteReader(bytes)
        if reader.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = try Self.jpeg(&reader)
        } else if reader.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = try Self.png(&reader)
        } else if reader.starts(with: Array("GIF87a".utf8)) || reader.starts(with: Array("GIF89a".utf8)) {
            self = try Self.gif(&reader)
        } else if reader.starts(with: Array("RIFF".utf8)), reader.has(Array("WEBP".utf8), at: 8) {
            self = try Self.webp(&reader)
        } else {
            throw .unsupportedType
        }
        guard width > 0, height > 0 else { throw .unreadable("it says it is \(width) × \(height) pixels") }
    }

    /// JPEG: the segments up to the first start-of-frame marker, which holds the size.
    private static func jpeg(_ reader: inout ByteReader) throws(Problem) -> ImageHeader {
        reader.position = 2
        while true {
            guard let marker = reader.byte(), marker == 0xFF else { throw .unreadable("the JPEG ends before its size") }
            var kind = reader.byte()
            while kind == 0xFF { kind = reader.byte() }
            guard let kind else { throw .unreadable("the JPEG ends before its size") }
            // Markers without a length: restart markers and the padding byte.
            if (0xD0...0xD7).contains(kind) || kind == 0x01 { continue }
            guard kind != 0xD9, kind != 0xDA else { throw .unreadable("the JPEG has no frame header") }
            guard let length = reader.uint16BE(), length >= 2 else { throw .unreadable("the JPEG ends before its size") }
            let isFrameHeader = (0xC0...0xCF).contains(kind) && ![0xC4, 0xC8, 0xCC].contains(kind)
            if isFrameHeader {
                guard reader.skip(1), let height = reader.uint16BE(), let width = reader.uint16BE() else {
                    throw .unreadable("the JPEG's frame header is cut short")
                }
                return ImageHeader(format: .jpeg, width: width, height: height, frames: 1)
            }
            guard reader.skip(length - 2) else { throw .unreadable("the JPEG ends before its size") }
        }
    }

    /// PNG: the IHDR chunk, always first.
    private static func png(_ reader: inout ByteReader) throws(Problem) -> ImageHeader {
        reader.position = 8
        guard reader.skip(4), reader.has(Array("IHDR".utf8), at: reader.position), reader.skip(4),
              let width = reader.uint32BE(), let height = reader.uint32BE()
        else { throw .unreadable("the PNG has no IHDR chunk") }
        return ImageHeader(format: .png, width: width, height: height, frames: 1)
    }

    /// GIF: the logical screen's size, grown to hold every frame (decoders grow the image to a
    /// frame larger than the screen, so a 1 × 1 screen may hide a 65535 × 65535 frame), and the
    /// frames counted by walking the blocks (their headers only; no image data is decoded).
    private static func gif(_ reader: inout ByteReader) throws(Problem) -> ImageHeader {
        reader.position = 6
        guard let width = reader.uint16LE(), let height = reader.uint16LE(), let flags = reader.byte(), reader.skip(2) else {
            throw .unreadable("the GIF's screen descriptor is cut short")
        }
        if flags & 0x80 != 0 { guard reader.skip(3 << ((Int(flags) & 0x07) + 1)) else { throw .unreadable("the GIF's color table is cut short") } }
        var frames = 0
        var (canvasWidth, canvasHeight) = (width, height)
        while true {
            guard let block = reader.byte() else { throw .unreadable("the GIF ends before its trailer") }
            switch block {
            case 0x3B:
                guard frames > 0 else { throw .unreadable("the GIF has no image") }
                return ImageHeader(format: .gif, width: canvasWidth, height: canvasHeight, frames: frames)
            case 0x21:
                guard reader.skip(1), reader.skipSubBlocks() else { throw .unreadable("a GIF extension is cut short") }
            case 0x2C:
                guard let left = reader.uint16LE(), let top = reader.uint16LE(), let frameWidth = reader.uint16LE(), let frameHeight = reader.uint16LE(),
                      let localFlags = reader.byte()
                else { throw .unreadable("a GIF frame header is cut short") }
                canvasWidth = max(canvasWidth, left + frameWidth)
                canvasHeight = max(canvasHeight, top + frameHeight)
                if localFlags & 0x80 != 0 { guard reader.skip(3 << ((Int(localFlags) & 0x07) + 1)) else { throw .unreadable("a GIF color table is cut short") } }
                guard reader.skip(1), reader.skipSubBlocks() else { throw .unreadable("a GIF frame is cut short") }
                frames += 1
            default:
                throw .unreadable("the GIF has an unknown block")
            }
        }
    }

    /// WebP: the first chunk says which of the three kinds it is; an extended file's animation
    /// frames (ANMF chunks) are counted.
    private static func webp(_ reader: inout ByteReader) throws(Problem) -> ImageHeader {
        reader.position = 12
        guard let chunk = reader.bytes(4), let size = reader.uint32LE() else { throw .unreadable("the WebP has no chunk") }
        let start = reader.position
        switch String(decoding: chunk, as: UTF8.self) {
        case "VP8 ":
            guard reader.skip(3), reader.has([0x9D, 0x01, 0x2A], at: reader.position), reader.skip(3),
                  let width = reader.uint16LE(), let height = reader.uint16LE()
            else { throw .unreadable("the WebP's VP8 header is cut short") }
            return ImageHeader(format: .webp, width: width & 0x3FFF, height: height & 0x3FFF, frames: 1)
        case "VP8L":
            guard reader.byte() == 0x2F, let bits = reader.uint32LE() else { throw .unreadable("the WebP's VP8L header is cut short") }
            return ImageHeader(format: .webp, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1, frames: 1)
        case "VP8X":
            guard let flags = reader.byte(), reader.skip(3), let width = reader.uint24LE(), let height = reader.uint24LE() else {
                throw .unreadable("the WebP's VP8X header is cut short")
            }
            var frames = 1
            if flags & 0x02 != 0 {
                frames = 0
                reader.position = start + size + (size & 1)
                while let name = reader.bytes(4), let chunkSize = reader.uint32LE() {
                    if name == Array("ANMF".utf8) { frames += 1 }
                    guard reader.skip(chunkSize + (chunkSize & 1)) else { break }
                }
                guard frames > 0 else { throw .unreadable("the animated WebP has no frame") }
            }
            return ImageHeader(format: .webp, width: width + 1, height: height + 1, frames: frames)
        default:
            throw .unreadable("the WebP's first chunk is not VP8, VP8L or VP8X")
        }
    }
}

/// Reads little- and big-endian numbers from bytes, answering nil past the end.
private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func starts(with prefix: [UInt8]) -> Bool { has(prefix, at: 0) }

    func has(_ expected: [UInt8], at offset: Int) -> Bool {
        offset >= 0 && offset + expected.count <= bytes.count && bytes[offset..<(offset + expected.count)].elementsEqual(expected)
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, position + count <= bytes.count else { return false }
        position += count
        return true
    }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard position + count <= bytes.count else { return nil }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func uint16BE() -> Int? { bytes(2).map { Int($0[0]) << 8 | Int($0[1]) } }
    mutating func uint16LE() -> Int? { bytes(2).map { Int($0[1]) << 8 | Int($0[0]) } }
    mutating func uint24LE() -> Int? { bytes(3).map { Int($0[2]) << 16 | Int($0[1]) << 8 | Int($0[0]) } }
    mutating func uint32BE() -> Int? { bytes(4).map { $0.reduce(0) { $0 << 8 | Int($1) } } }
    mutating func uint32LE() -> Int? { bytes(4).map { $0.reversed().reduce(0) { $0 << 8 | Int($1) } } }

    /// GIF data sub-blocks: a length byte, that many bytes, until a zero length.
    mutating func skipSubBlocks() -> Bool {
        while let length = byte() {
            if length == 0 { return true }
            guard skip(Int(length)) else { return false }
        }
        return false
    }
}
