/// Why a store refused a request, in domain terms; the web layer maps each case to a status.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notFound
    /// A value that must be unique is already taken.
    case conflict(field: String)
    /// A value that can't be stored, with a message for the person who sent it.
    case invalid(field: String, message: String)
    /// The record was saved by someone else since the version the request was made from.
    case outdated(currentVersion: Int)
    /// The database can't be reached just now (PostgreSQL restarting, say): worth trying again soon.
    case unavailable

    public var description: String {
        switch self {
        case .notFound: "not found"
        case .conflict(let field): "\(field) is already taken"
        case .invalid(let field, let message): "\(field): \(message)"
        case .outdated(let version): "changed since it was read (now at version \(version))"
        case .unavailable: "the database can't be reached just now; try again in a few seconds"
        }
    }
}
