import Foundation

/// The images under Tests/Fixtures/media (made by its make-fixtures.py), and bad files built
/// byte by byte.
enum MediaFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/media")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// A PNG header claiming `width` × `height` pixels, with no image data after it.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { bytes += withUnsafeBytes(of: value.bigEndian, Array.init) }
        return bytes + [8, 6, 0, 0, 0, 0, 0, 0, 0]
    }

    /// A GIF of `frames` frames on a `width` × `height` screen, each frame one black pixel.
    static func gif(width: UInt16, height: UInt16, frames: Int) -> [UInt8] {
        var bytes = Array("GIF89a".utf8)
        bytes += withUnsafeBytes(of: width.littleEndian, Array.init) + withUnsafeBytes(of: height.littleEndian, Array.init)
        bytes += [0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]
        for _ in 0..<frames {
            bytes += [0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00]
            bytes += [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00]
        }
        return bytes + [0x3B]
    }
}
