import Foundation
import HTTPTypes
import NIOCore

/// A `multipart/form-data` body as a browser or curl sends it, for upload tests.
struct MultipartBody {
    static let boundary = "----QuireTestBoundary7MA4YWxkTrZu0gW"
    var parts: [(name: String, filename: String?, bytes: [UInt8])] = []

    mutating func field(_ name: String, _ value: String) {
        parts.append((name, nil, Array(value.utf8)))
    }

    mutating func file(_ name: String, filename: String, _ bytes: [UInt8]) {
        parts.append((name, filename, bytes))
    }

    var buffer: ByteBuffer {
        var body: [UInt8] = []
        for part in parts {
            var header = "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { header += "; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream" }
            body += Array((header + "\r\n\r\n").utf8) + part.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(Self.boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// An image from Tests/Fixtures/media.
    static func fixture(_ name: String) throws -> [UInt8] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/media")
        return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}
