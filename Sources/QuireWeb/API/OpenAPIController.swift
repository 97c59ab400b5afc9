import Foundation
import Hummingbird

/// `GET /api/openapi.json`: the OpenAPI 3.1 document of the whole API, as shipped in the
/// bundle (`Sources/QuireWeb/OpenAPI/openapi.json`; CI validates it and runs schemathesis
/// against a live server with it).
struct OpenAPIController<Context: RequestContext>: Sendable {
    let document: ByteBuffer

    func addRoutes(to routes: APIRoutes<Context>) {
        routes.on("/api/openapi.json", method: .get, use: show)
    }

    @Sendable func show(request: Request, context: Context) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .eTag: ContentHash.etag(document), .cacheControl: "no-cache"],
            body: .init(byteBuffer: document)
        )
    }
}

/// The OpenAPI document in the binary's resource bundle.
enum OpenAPIDocument {
    static func bundled() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "OpenAPI") else {
            throw ResourceError.missing("OpenAPI/openapi.json")
        }
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }
}
