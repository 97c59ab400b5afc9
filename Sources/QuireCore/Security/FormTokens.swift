import Crypto
import Foundation

/// The hidden `form_token` of the comment form: a signature over the post and a 12-hour window;
/// also the `csrf_token` of the admin's sign-in forms, which no session exists for yet.
///
/// Every reader of a post in the same window gets the same token, so a rendered page stays
/// cacheable; a token is accepted in its own window and the two before it, so it is valid for
/// 24 to 36 hours.
public struct FormTokens: Sendable {
    public static let window: TimeInterval = 12 * 3600
    static let windowsAccepted = 3

    let secret: SiteSecret

    public init(secret: SiteSecret) {
        self.secret = secret
    }

    /// The token for a post's form at `now`.
    public func token(postID: Int64, now: Date) -> String {
        token(purpose: "comment-form|\(postID)", now: now)
    }

    /// Whether a submitted token was issued for this post within the accepted windows.
    public func isValid(_ token: String, postID: Int64, now: Date) -> Bool {
        isValid(token, purpose: "comment-form|\(postID)", now: now)
    }

    /// The token of a form named by `purpose` at `now`.
    public func token(purpose: String, now: Date) -> String {
        token(purpose: purpose, window: Self.windowNumber(now))
    }

    /// Whether a submitted token was issued for `purpose` within the accepted windows.
    public func isValid(_ token: String, purpose: String, now: Date) -> Bool {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let window = Int(parts[0]) else { return false }
        let current = Self.windowNumber(now)
        guard window <= current, window > current - Self.windowsAccepted else { return false }
        let expected = self.token(purpose: purpose, window: window)
        return ConstantTime.equal(Array(token.utf8), Array(expected.utf8))
    }

    private func token(purpose: String, window: Int) -> String {
        "\(window)." + secret.mac("\(purpose)|\(window)").prefix(20).hexString
    }

    /// The `csrf_token` of every admin form of a signed-in session: bound to the session, so
    /// it changes at every sign-in and no other browser's token works.
    public func token(session: SignedIn) -> String {
        secret.mac("admin-session|" + session.token).prefix(20).hexString
    }

    public func isValid(_ token: String, session: SignedIn) -> Bool {
        ConstantTime.equal(Array(token.utf8), Array(self.token(session: session).utf8))
    }

    /// When the window after the one holding `date` starts: pages then carry a new token.
    public static func nextWindowStart(after date: Date) -> Date {
        Date(timeIntervalSince1970: Double(windowNumber(date) + 1) * window)
    }

    static func windowNumber(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / window).rounded(.down))
    }
}
