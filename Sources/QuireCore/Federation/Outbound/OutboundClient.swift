import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One request the blog makes to another server.
public struct OutboundRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Signs the request for each URL it goes to (a redirect is signed anew), or nil.
    public var signer: (any OutboundSigner)?

    public init(method: HTTPMethod = .GET, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, signer: (any OutboundSigner)? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.signer = signer
    }
}

extension OutboundResponse {
    /// What an answer says of sending again, as deliveries and Webmentions read it.
    public enum Verdict: Sendable, Equatable {
        /// 2xx: taken.
        case taken
        /// 408, 429, 5xx: the server may take it later.
        case later
        /// Anything else (3xx to a request not redirected, 4xx): it never will.
        case never
    }

    public var verdict: Verdict {
        switch status {
        case 200..<300: .taken
        case 408, 429, 500...: .later
        default: .never
        }
    }
}

/// Adds the fields that sign a request about to be sent to `url`.
public protocol OutboundSigner: Sendable {
    func fields(method: HTTPMethod, url: URL, body: [UInt8]?) throws -> [(name: String, value: String)]
}

/// An answer, read whole (up to the client's limit).
public struct OutboundResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Where the answer came from, after redirects.
    public var url: String
}

/// Every request the blog makes to other servers goes through here (async-http-client), under
/// the outbound rules: only http and https; every address the host resolves to must be public
/// (checked after DNS, on every redirect, and the connection pinned to the checked address, so
/// a name can't resolve to one address for the check and another for the connection) unless
/// `allowPrivateAddresses`; a time limit on the whole request, a size limit on the answer and at
/// most `maxRedirects` redirects, followed for GETs only.
public struct OutboundClient: Sendable {
    /// Whether the client may connect to an address: `isPublic`, or anything when
    /// `federation.allow_private_addresses` is set.
    public var permits: @Sendable (IPAddress) -> Bool
    public var timeout: TimeAmount
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    public var userAgent: String

    public init(allowPrivateAddresses: Bool, timeout: TimeAmount = .seconds(10), maxBodyBytes: Int = 1_048_576, maxRedirects: Int = 5, userAgent: String) {
        if allowPrivateAddresses {
            permits = { _ in true }
        } else {
            permits = { address in address.isPublic }
        }
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
    }

    public func send(_ request: OutboundRequest) async throws(OutboundError) -> OutboundResponse {
        // One limit for the whole request: DNS, every hop's connection and answer.
        let deadline = NIODeadline.now() + timeout
        var url = request.url
        for _ in 0...maxRedirects {
            let response = try await sendOnce(request, to: url, deadline: deadline)
            guard request.method == .GET, [301, 302, 303, 307, 308].contains(response.status),
                let location = response.headers.first(name: "location"),
                let next = URL(string: location, relativeTo: URL(string: url))?.absoluteString
            else { return response }
            url = next
        }
        throw .tooManyRedirects(url: request.url)
    }

    private func sendOnce(_ request: OutboundRequest, to urlText: String, deadline: NIODeadline) async throws(OutboundError) -> OutboundResponse {
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw .unreadableURL(urlText) }
        let address = try await checkedAddress(of: host, url: urlText, deadline: deadline)
        let remaining = deadline - .now()
        guard remaining > .zero else { throw .unreachable(url: urlText, reason: "no answer within \(timeout.nanoseconds / 1_000_000_000) s") }

        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: remaining, read: remaining),
            ignoreUncleanSSLShutdown: false
        )
        if IPAddress(host) == nil { configuration.dnsOverride = [host: address.description] }
        configuration.decompression = .disabled
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        defer { client.shutdown { _ in } }

        var outgoing = HTTPClientRequest(url: urlText)
        outgoing.method = request.method
        outgoing.headers.add(name: "User-Agent", value: userAgent)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        do {
            for field in try request.signer?.fields(method: request.method, url: url, body: request.body) ?? [] {
                outgoing.headers.replaceOrAdd(name: field.name, value: field.value)
            }
        } catch {
            throw .unreachable(url: urlText, reason: "the request could not be signed: \(error)")
        }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: maxBodyBytes)
            } catch is NIOTooManyBytesError {
                throw OutboundError.tooLarge(url: urlText, limit: maxBodyBytes)
            }
            return OutboundResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body), url: urlText)
        } catch let error as OutboundError {
            throw error
        } catch {
            throw .unreachable(url: urlText, reason: String(describing: error))
        }
    }

    /// The address to connect to: the host's first, once every one of its addresses passes.
    private func checkedAddress(of host: String, url: String, deadline: NIODeadline) async throws(OutboundError) -> IPAddress {
        let addresses: [IPAddress]
        do {
            let remaining = max(deadline - .now(), .zero)
            addresses = try await HostResolver.addresses(of: host, within: .nanoseconds(remaining.nanoseconds))
        } catch {
            throw .unreachable(url: url, reason: String(describing: error))
        }
        if let refused = addresses.first(where: { !permits($0) }) {
            throw .refusedAddress(url: url, address: refused.description)
        }
        return addresses[0]
    }
}
