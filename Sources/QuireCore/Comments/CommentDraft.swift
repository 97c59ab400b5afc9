import Crypto
import Foundation

/// What a reader sends to comment on a post, through the form or the API.
public struct CommentDraft: Sendable, Equatable {
    public var authorName: String
    public var authorEmail: String
    /// Empty or nil when the reader gave no website.
    public var authorURL: String?
    public var body: String
    public var parentID: Int64?
    /// A keyed hash of the client address, from `SiteSecret.clientHash(_:)`.
    public var clientHash: String
    /// Where it was sent from, which decides whether a form token is needed.
    public var origin: CommentOrigin
    public var userAgent: String
    /// The form's hidden honeypot was filled in: a bot, stored as spam.
    public var isHoneypotFilled: Bool
    /// Fields that could not even be read (bytes that are not UTF-8, a parent id that is not a
    /// number), with a message each; they are refused with the other field errors.
    public var unreadableFields: [CommentField: String]

    public init(
        authorName: String,
        authorEmail: String,
        authorURL: String? = nil,
        body: String,
        parentID: Int64? = nil,
        clientHash: String,
        origin: CommentOrigin,
        userAgent: String = "",
        isHoneypotFilled: Bool = false,
        unreadableFields: [CommentField: String] = [:]
    ) {
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorURL = authorURL
        self.body = body
        self.parentID = parentID
        self.clientHash = clientHash
        self.userAgent = userAgent
        self.isHoneypotFilled = isHoneypotFilled
        self.origin = origin
        self.unreadableFields = unreadableFields
    }
}

extension CommentDraft {
    /// The `clientHash` of a comment that came from another server rather than a reader's
    /// address: `kind:` and a hash of who sent it (a fediverse actor, a Webmention's host), so
    /// the rate limit applies to each sender.
    static func remoteClientHash(_ kind: String, of sender: String) -> String {
        kind + ":" + Data(SHA256.hash(data: Data(sender.utf8))).prefix(8).hexString
    }
}

/// Where a comment was sent from.
public enum CommentOrigin: Sendable, Equatable {
    /// The JSON API, which has no form token.
    case api
    /// The post page's form, whose `form_token` was valid for the post at the time, or not
    /// (missing, forged or expired).
    case form(validToken: Bool)
    /// The admin, by a signed-in user.
    case admin
    /// A Webmention whose source was seen to link to the post: always held for the owner.
    case webmention
}

/// A field of a comment, named differently by the HTML form and the JSON API.
public enum CommentField: String, Sendable, CaseIterable, Hashable {
    case body, authorName, authorEmail, authorURL, parent

    /// The field's name in the form, as WordPress names it.
    public var formName: String {
        switch self {
        case .body: "comment"
        case .authorName: "author"
        case .authorEmail: "email"
        case .authorURL: "url"
        case .parent: "comment_parent"
        }
    }

    /// The key's name in the JSON API.
    public var apiName: String {
        switch self {
        case .body: "body"
        case .authorName: "author_name"
        case .authorEmail: "author_email"
        case .authorURL: "author_url"
        case .parent: "parent_id"
        }
    }
}

