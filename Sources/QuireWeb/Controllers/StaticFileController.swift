import Hummingbird

/// `GET /static/…`: the theme's CSS and images, from memory. A URL with the file's current
/// fingerprint (`?v=`) may be cached for a year without asking again; others for an hour.
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
            .cacheControl: request.uri.queryParameters["v"].map(String.init) == file.version
                ? "public, max-age=31536000, immutable"
                : "public, max-age=3600",
        ]
        if request.headers[.ifNoneMatch] == file.etag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.bytes))
    }
}
