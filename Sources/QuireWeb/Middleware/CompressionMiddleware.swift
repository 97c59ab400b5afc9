import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Gzips text answers for clients that accept it. Each distinct body is compressed once: the
/// result is kept under the answer's ETag (which is a hash of its bytes) and reused until it
/// falls out of a bounded store, oldest first.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Smaller bodies gain too little to be worth a header.
    static var minimumSize: Int { 1024 }

    let store: CompressedBodies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard response.status == .ok,
            Self.acceptsGzip(request.headers[.acceptEncoding]),
            response.headers[.contentEncoding] == nil,
            let contentType = response.headers[.contentType], Self.isCompressible(contentType),
            let etag = response.headers[.eTag]
        else { return response }
        // Added to a `Vary` the route set (`Accept`, on a URL that is also an ActivityStreams document).
        response.headers[.vary] = response.headers[.vary].map { $0 + ", Accept-Encoding" } ?? "Accept-Encoding"

        let compressed: ByteBuffer
        if let cached = store.body(for: etag) {
            compressed = cached
        } else {
            let body = try await BodyCollector.bytes(of: response.body)
            guard body.readableBytes >= Self.minimumSize else {
                response.body = .init(byteBuffer: body)
                return response
            }
            var input = body
            compressed = try input.compress(with: .gzip())
            store.keep(compressed, for: etag)
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.eTag] = Self.gzipETag(etag)
        response.headers[.contentLength] = String(compressed.readableBytes)
        response.body = .init(byteBuffer: compressed)
        return response
    }

    /// The ETag of the gzipped representation, which must differ from the plain one.
    static func gzipETag(_ etag: String) -> String {
        etag.hasSuffix("\"") ? String(etag.dropLast()) + "-gzip\"" : etag + "-gzip"
    }

    /// Whether `Accept-Encoding` lists `gzip` (or `*`) with a quality above zero.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard pieces.first == "gzip" || pieces.first == "*" else { return false }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }

    static func isCompressible(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type.hasPrefix("text/") || type == "application/json" || type == "application/xml"
            || type.hasSuffix("+json") || type.hasSuffix("+xml") || type == "image/svg+xml"
    }
}

/// Compressed bodies by ETag within a size budget; past it the oldest are dropped first.
final class CompressedBodies: Sendable {
    private let store: BoundedStore<String, ByteBuffer>

    init(budget: Int = 32 * 1024 * 1024) {
        store = BoundedStore(budget: budget)
    }

    func body(for etag: String) -> ByteBuffer? {
        store.value(for: etag)
    }

    func keep(_ body: ByteBuffer, for etag: String) {
        store.keep(body, size: body.readableBytes, for: etag)
    }
}
