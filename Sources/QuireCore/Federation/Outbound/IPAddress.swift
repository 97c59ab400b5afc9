#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes, and whether the open internet can reach it: the rule
/// that keeps a stranger from making the blog fetch its own loopback, the host's LAN or a cloud
/// metadata service.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4([UInt8])
    case v6([UInt8])

    /// Reads a literal address (`192.0.2.1`, `2001:db8::1`; brackets allowed around IPv6).
    public init?(_ text: String) {
        let literal = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var four = in_addr()
        if inet_pton(AF_INET, literal, &four) == 1 {
            self = .v4(withUnsafeBytes(of: &four) { Array($0) })
            return
        }
        var six = in6_addr()
        if inet_pton(AF_INET6, literal, &six) == 1 {
            self = .v6(withUnsafeBytes(of: &six) { Array($0) })
            return
        }
        return nil
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch self {
        case .v4(let bytes): _ = bytes.withUnsafeBytes { inet_ntop(AF_INET, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        case .v6(let bytes): _ = bytes.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// False for every address the internet doesn't route to a stranger's server: unspecified,
    /// loopback, private (RFC 1918, unique local), shared (RFC 6598), link-local, documentation,
    /// benchmarking, multicast and reserved ranges, and IPv6 forms that carry such an IPv4
    /// address (mapped, NAT64, 6to4).
    public var isPublic: Bool {
        switch self {
        case .v4(let b):
            return !Self.privateV4.contains { $0.matches(b) }
        case .v6(let b):
            if b.prefix(10).allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return IPAddress.v4(Array(b[12...])).isPublic }
            if b.prefix(12) == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return IPAddress.v4(Array(b[12...])).isPublic }
            if b[0] == 0x20 && b[1] == 0x02 { return IPAddress.v4(Array(b[2..<6])).isPublic }
            return !Self.privateV6.contains { $0.matches(b) }
        }
    }

    /// A network: its first bytes and how many bits of them count.
    private struct Block {
        let prefix: [UInt8]
        let bits: Int

        func matches(_ address: [UInt8]) -> Bool {
            for bit in 0..<bits {
                let (index, shift) = (bit / 8, 7 - bit % 8)
                if (address[index] >> shift) & 1 != (prefix[index] >> shift) & 1 { return false }
            }
            return true
        }
    }

    private static let privateV4 = [
        Block(prefix: [0, 0, 0, 0], bits: 8), Block(prefix: [10, 0, 0, 0], bits: 8), Block(prefix: [100, 64, 0, 0], bits: 10),
        Block(prefix: [127, 0, 0, 0], bits: 8), Block(prefix: [169, 254, 0, 0], bits: 16), Block(prefix: [172, 16, 0, 0], bits: 12),
        Block(prefix: [192, 0, 0, 0], bits: 24), Block(prefix: [192, 0, 2, 0], bits: 24), Block(prefix: [192, 88, 99, 0], bits: 24),
        Block(prefix: [192, 168, 0, 0], bits: 16), Block(prefix: [198, 18, 0, 0], bits: 15), Block(prefix: [198, 51, 100, 0], bits: 24),
        Block(prefix: [203, 0, 113, 0], bits: 24), Block(prefix: [224, 0, 0, 0], bits: 4), Block(prefix: [240, 0, 0, 0], bits: 4),
    ]

    private static let privateV6 = [
        Block(prefix: [UInt8](repeating: 0, count: 16), bits: 128),  // ::
        Block(prefix: [UInt8](repeating: 0, count: 15) + [1], bits: 128),  // ::1
        Block(prefix: [UInt8](repeating: 0, count: 16), bits: 96),  // IPv4-compatible ::a.b.c.d
        Block(prefix: [0x01, 0x00] + [UInt8](repeating: 0, count: 14), bits: 64),  // discard
        Block(prefix: [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 12), bits: 32),  // documentation
        Block(prefix: [0x20, 0x01, 0x00, 0x00] + [UInt8](repeating: 0, count: 12), bits: 23),  // IETF protocol assignments
        Block(prefix: [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01] + [UInt8](repeating: 0, count: 10), bits: 48),  // local-use NAT64 (RFC 8215)
        Block(prefix: [0xFC] + [UInt8](repeating: 0, count: 15), bits: 7),  // unique local
        Block(prefix: [0xFE, 0x80] + [UInt8](repeating: 0, count: 14), bits: 10),  // link-local
        Block(prefix: [0xFE, 0xC0] + [UInt8](repeating: 0, count: 14), bits: 10),  // site-local, deprecated
        Block(prefix: [0xFF] + [UInt8](repeating: 0, count: 15), bits: 8),  // multicast
    ]
}
