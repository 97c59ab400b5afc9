/// Why an outbound request got no answer worth reading. Each says where it went, for the log and
/// the admin's delivery list.
public enum OutboundError: Error, Equatable, CustomStringConvertible {
    case unreadableURL(String)
    /// The host resolves to an address the open internet doesn't reach (`IPAddress.isPublic`).
    case refusedAddress(url: String, address: String)
    case tooManyRedirects(url: String)
    case tooLarge(url: String, limit: Int)
    /// No answer: DNS, connection, TLS or the time limit.
    case unreachable(url: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableURL(let url): "'\(url)' is not an http or https URL"
        case .refusedAddress(let url, let address): "\(url) was not fetched: its host resolves to \(address), a private, loopback or reserved address (federation.allow_private_addresses allows it)"
        case .tooManyRedirects(let url): "\(url) redirected too many times"
        case .tooLarge(let url, let limit): "\(url) answered more than \(limit) bytes"
        case .unreachable(let url, let reason): "\(url) could not be reached: \(reason)"
        }
    }
}
