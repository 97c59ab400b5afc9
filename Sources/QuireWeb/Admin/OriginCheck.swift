import Foundation
import Hummingbird

/// The `Origin` rule of every admin `POST`: the browser must say the form came from this site,
/// the host (and port) the request was sent to or the one of `base_url`. A missing or `null`
/// Origin fails: the `csrf_token` alone is not enough (SPEC §9).
struct OriginCheck: Sendable {
    /// `host[:port]` of `base_url`, lowercased.
    let siteAuthority: String

    init(baseURL: String) {
        siteAuthority = Self.authority(ofURL: baseURL) ?? ""
    }

    func allows(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], let authority = Self.authority(ofURL: origin) else { return false }
        if authority == siteAuthority { return true }
        let host = (request.head.authority ?? "").lowercased()
        return !host.isEmpty && authority == host
    }

    /// `host[:port]` of an absolute http(s) URL.
    static func authority(ofURL text: String) -> String? {
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lower.hasPrefix) else { return nil }
        let rest = lower.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.isEmpty ? nil : String(authority)
    }
}
