import Foundation
import Hummingbird

/// A JSON answer encoded the one way Quire encodes JSON: sorted keys, unescaped slashes; with
/// an ETag of its bytes, revalidated on every use like pages.
struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator {
    var value: Value
    var status: HTTPResponse.Status = .ok
    var contentType = "application/json; charset=utf-8"

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let bytes = ByteBuffer(bytes: try Self.encoder.encode(value))
        return Response(
            status: status,
            headers: [.contentType: contentType, .eTag: ContentHash.etag(bytes), .cacheControl: "no-cache"],
            body: .init(byteBuffer: bytes)
        )
    }
}
