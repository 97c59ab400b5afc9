import Hummingbird

/// An RFC 9457 problem: what every error of the JSON API is answered with.
struct Problem: Error, Encodable, Sendable {
    var status: HTTPResponse.Status
    var detail: String
    /// For 422: each bad field and what is wrong with it.
    var errors: [String: String]?
    /// Headers the answer needs, such as `Allow` on a 405.
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ detail: String, errors: [String: String]? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("about:blank", forKey: .type)
        try container.encode(status.reasonPhrase, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(errors, forKey: .errors)
    }

    /// The 404 for an address under `/api` that names nothing, such as a missing comment.
    static func nothingHere(_ path: String) -> Problem {
        Problem(.notFound, "Nothing here: \(path)")
    }

    /// The 404 for a slug that names no post readers may see.
    static func noPublishedPost(slug: String) -> Problem {
        Problem(.notFound, "No published post has the slug '\(slug)'.")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONBody(value: self, status: status, contentType: "application/problem+json")
            .response(from: request, context: context)
        response.headers.append(contentsOf: headers)
        return response
    }
}
