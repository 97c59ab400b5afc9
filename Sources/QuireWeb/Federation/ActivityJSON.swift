import Hummingbird
import QuireCore

extension Request {
    /// Whether the client asked for an ActivityStreams document (`Accept`) rather than a page.
    var wantsActivityStreams: Bool {
        ActivityStreams.isWanted(byAccept: headers[.accept])
    }
}

/// The JSON media types of federation, as answers carry them.
enum FederationMediaType {
    static let activity = ActivityStreams.mediaType + "; charset=utf-8"
    static let webFinger = WebFinger.mediaType + "; charset=utf-8"
    static let nodeInfo = NodeInfo.mediaType + "; charset=utf-8"
}

extension JSONBody {
    /// An ActivityStreams document.
    static func activity(_ value: Value, status: HTTPResponse.Status = .ok) -> JSONBody {
        JSONBody(value: value, status: status, contentType: FederationMediaType.activity)
    }
}
