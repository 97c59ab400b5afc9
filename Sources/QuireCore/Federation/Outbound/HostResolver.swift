import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks a host name up in DNS (the system's `getaddrinfo`, on a thread of its own so no task
/// waits on it), for the outbound rule that checks every address a name has before connecting.
public enum HostResolver {
    public struct Failure: Error, CustomStringConvertible {
        public var host: String
        public var description: String { "\(host) has no address in DNS" }
    }

    /// Every address of `host`; a literal address is itself.
    public static func addresses(of host: String) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try lookUp(host) })
            }
        }
    }

    private static func lookUp(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { throw Failure(host: host) }
        defer { freeaddrinfo(first) }
        var found: [IPAddress] = []
        for entry in sequence(first: first, next: { $0.pointee.ai_next }) {
            guard let address = entry.pointee.ai_addr else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                }
                found.append(.v4(bytes))
            case AF_INET6:
                let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                }
                found.append(.v6(bytes))
            default:
                continue
            }
        }
        guard !found.isEmpty else { throw Failure(host: host) }
        // In getaddrinfo's order (the system's preference), each once.
        var seen = Set<IPAddress>()
        return found.filter { seen.insert($0).inserted }
    }
}
