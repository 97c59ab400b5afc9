import Foundation
import NIOCore

/// A fast, stable 64-bit FNV-1a fingerprint of bytes, for ETags; not for security.
enum ContentHash {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// A strong ETag for a body: its hash and length, quoted.
    static func etag(_ bytes: ByteBuffer) -> String {
        "\"\(hex(bytes.readableBytesView))-\(String(bytes.readableBytes, radix: 16))\""
    }
}
