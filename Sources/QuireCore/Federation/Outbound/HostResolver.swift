import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Looks a host name up in DNS (the system's `getaddrinfo`, on a thread of its own so no task
/// waits on it), for the outbound rule that checks every address a name has before connecting.
/// The caller waits at most its time limit; a lookup still running then is left to finish.
public enum HostResolver {
    public struct Failure: Error, CustomStringConvertible {
        public var host: String
        public var timedOut = false
        public var description: String { timedOut ? "\(host) was not found in DNS in time" : "\(host) has no address in DNS" }
    }

    /// Every address of `host`, found within `timeLimit`; a literal address is itself.
    public static func addresses(of host: String, within timeLimit: Duration) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return try await withCheckedThrowingContinuation { continuation in
            // Whichever comes first, the answer or the time limit, resumes the caller.
            let waiting = Mutex<CheckedContinuation<[IPAddress], any Error>?>(continuation)
            let resume: @Sendable (Result<[IPAddress], any Error>) -> Void = { result in
                waiting.withLock { waiting in
                    waiting?.resume(with: result)
                    waiting = nil
                }
            }
            DispatchQueue.global().async { resume(Result { try lookUp(host) }) }
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(timeLimit.nanoseconds))) { resume(.failure(Failure(host: host, timedOut: true))) }
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
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { throw Failure(host: host, timedOut: false) }
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
        guard !found.isEmpty else { throw Failure(host: host, timedOut: false) }
        // In getaddrinfo's order (the system's preference), each once.
        var seen = Set<IPAddress>()
        return found.filter { seen.insert($0).inserted }
    }
}
