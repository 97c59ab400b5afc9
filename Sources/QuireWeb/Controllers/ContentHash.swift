import Foundation

/// A fast, stable 64-bit FNV-1a fingerprint of bytes, for ETags; not for security.
enum ContentHash {
    static func hex(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
