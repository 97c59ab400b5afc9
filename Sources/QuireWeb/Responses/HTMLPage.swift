import Hummingbird

/// A rendered HTML page with its status; its ETag is a hash of its bytes, and browsers must
/// revalidate it on every visit (a cheap 304 when nothing changed).
struct HTMLPage: ResponseGenerator {
    var html: String
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) -> Response {
        let bytes = ByteBuffer(string: html)
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .eTag: ContentHash.etag(bytes),
                .cacheControl: "no-cache",
            ],
            body: .init(byteBuffer: bytes)
        )
    }
}
