import Foundation
import Hummingbird

/// A text answer such as a feed, sitemap or robots.txt: its ETag is a hash of its bytes, its
/// `Last-Modified` the newest date it shows, and clients revalidate it on every use.
struct TextDocument: ResponseGenerator {
    var text: String
    var contentType: String
    var lastModified: Date?

    func response(from request: Request, context: some RequestContext) -> Response {
        let bytes = ByteBuffer(string: text)
        var headers: HTTPFields = [.contentType: contentType, .eTag: ContentHash.etag(bytes), .cacheControl: "no-cache"]
        if let lastModified { headers[.lastModified] = HTTPDate.string(lastModified) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
    }
}
