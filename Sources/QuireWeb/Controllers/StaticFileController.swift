import Hummingbird

/// `GET /static/…`: the theme's CSS and images, from memory.
struct StaticFileController<Context: RequestContext>: Sendable {
    let files: StaticFiles

    func addRoutes(to router: Router<Context>) {
        router.get("/static/**", use: file)
    }

    @Sendable func file(request: Request, context: Context) throws -> Response {
        let path = request.uri.path.dropFirst("/static/".count)
        guard let file = files.file(forURLPath: path) else { throw HTTPError(.notFound) }
        var headers: HTTPFields = [
            .contentType: file.contentType,
            .eTag: file.etag,
            .cacheControl: "public, max-age=604800",
        ]
        if request.headers[.ifNoneMatch] == file.etag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.bytes))
    }
}
