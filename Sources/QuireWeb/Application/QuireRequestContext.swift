import Hummingbird
import NIOCore
import QuireCore

/// The request context of every Quire route: Hummingbird's core storage, the client address,
/// the log of what the answer read, for the page cache, and for the admin, who is signed in
/// and the form they sent.
public struct QuireRequestContext: PageCachingRequestContext, RemoteAddressRequestContext, AdminRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer; nil in router tests, which have no socket.
    public let remoteAddress: SocketAddress?
    public let readLog = ReadLog()
    public let responseNotes = ResponseNotes()
    public var signedIn: SignedIn?
    public var browserSession: SignedIn?
    var adminForm: FormFields?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// A request context that carries the `ReadLog` of the answer being made: every comment read
/// for the answer is noted there, and the page cache reads it when the answer is done.
public protocol PageCachingRequestContext: RequestContext {
    var readLog: ReadLog { get }
    /// Where the page cache says whether it answered, for the access log.
    var responseNotes: ResponseNotes { get }
}

extension RemoteAddressRequestContext {
    /// The connected client's address, or "unknown" where there is no socket (router tests).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}

/// A request context that the admin's middleware fills: the signed-in user, and the form of a
/// `POST`, read once to check its `csrf_token` and then handed to the route.
protocol AdminRequestContext: RequestContext {
    /// The user signed in, on the routes for signed-in users; nil on the sign-in forms, whose
    /// pages then carry the sign-in forms' tokens.
    var signedIn: SignedIn? { get set }
    /// The session the browser has, on the sign-in forms too: a signed-in user is sent on from
    /// the sign-in page, and a new sign-in ends it.
    var browserSession: SignedIn? { get set }
    var adminForm: FormFields? { get set }
}
