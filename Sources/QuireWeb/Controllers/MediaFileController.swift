import Hummingbird
import NIOCore
import QuireCore

/// `GET /media/{hash}-{width}.{ext}`: an image file. A name never changes its bytes, so
/// browsers may keep the answer a year (`immutable`); the server keeps it in its response cache
/// until the media changes.
struct MediaFileController<Context: RequestContext>: Sendable {
    let media: any MediaStore

    func addRoutes(to router: Router<Context>) {
        router.get("/media/:name", use: file)
    }

    @Sendable func file(request: Request, context: Context) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let (_, _, format) = Media.parts(ofFileName: name) else { throw HTTPError(.notFound) }
        let etag = "\"\(name)\""
        var headers: HTTPFields = [
            .contentType: format.rawValue,
            .eTag: etag,
            .cacheControl: "public, max-age=31536000, immutable",
        ]
        guard let file = try await media.file(named: name) else { throw HTTPError(.notFound) }
        let bytes = ByteBuffer(bytes: file.bytes)
        if request.headers[.ifNoneMatch] == etag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
    }
}
