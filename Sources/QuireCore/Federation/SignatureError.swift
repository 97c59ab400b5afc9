/// Why a signed request is refused (each answered 401, nothing stored), or a request can't be
/// signed.
public enum SignatureError: Error, Equatable, CustomStringConvertible {
    case missingSignature
    case malformed(String)
    case unsupportedAlgorithm(String)
    /// The signature covers a header the request does not have.
    case missingCoveredField(String)
    /// A header that must be signed is not among those covered.
    case uncoveredField(String)
    case staleDate
    case digestMismatch
    case badSignature
    case badKey
    /// The signer's actor or key could not be fetched or read.
    case keyUnavailable(String)
    /// The activity claims an actor other than the one whose key signed it.
    case actorMismatch
    /// The signer's key was fetched but the blog's database could not keep it just now: the
    /// sender should try again (a 503), not give the activity up.
    case storeUnavailable

    public var description: String {
        switch self {
        case .missingSignature: "the request is not signed"
        case .malformed(let detail): "the signature can't be read: \(detail)"
        case .unsupportedAlgorithm(let name): "the signature algorithm \(name) is not supported (rsa-sha256 and hs2019 with an RSA key are)"
        case .missingCoveredField(let name): "the signature covers \(name), which the request does not have"
        case .uncoveredField(let name): "the signature must cover \(name)"
        case .staleDate: "the request's Date is outside the accepted window"
        case .digestMismatch: "the body does not match its digest"
        case .badSignature: "the signature does not match the request"
        case .badKey: "the key can't be read as an RSA key"
        case .keyUnavailable(let detail): "the signer's key could not be had: \(detail)"
        case .actorMismatch: "the activity's actor is not the one that signed it"
        case .storeUnavailable: "the blog can't keep the signer's key just now"
        }
    }
}
