/// A file the binary needs is missing from its resource bundle.
public enum ResourceError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let name):
            "\(name) is missing from the binary's resource bundle; reinstall quire with its *.resources folders beside it"
        }
    }
}
