import Hummingbird

extension Response {
    /// The answer to a form that worked: go (with GET) to `location`.
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
