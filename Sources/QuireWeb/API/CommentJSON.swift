import Foundation
import QuireCore

/// A comment in the JSON API: the public Comment, or for authors AdminComment with `status`
/// and `author_email` (docs/api.md). Nothing else about the client is ever written.
struct CommentJSON: Encodable, Sendable {
    var entry: CommentEntry
    var includesPrivateFields: Bool

    enum CodingKeys: String, CodingKey {
        case id
        case postSlug = "post_slug"
        case parentID = "parent_id"
        case authorName = "author_name"
        case authorURL = "author_url"
        case bodyText = "body_text"
        case bodyHTML = "body_html"
        case createdAt = "created_at"
        case status
        case authorEmail = "author_email"
    }

    func encode(to encoder: any Encoder) throws {
        let comment = entry.comment
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(comment.id, forKey: .id)
        try container.encode(entry.postSlug, forKey: .postSlug)
        try container.encode(comment.parentID, forKey: .parentID)
        try container.encode(comment.authorName, forKey: .authorName)
        try container.encode(comment.authorURL, forKey: .authorURL)
        try container.encode(comment.body, forKey: .bodyText)
        try container.encode(CommentText.html(comment.body), forKey: .bodyHTML)
        try container.encode(RFC3339.string(comment.createdAt), forKey: .createdAt)
        guard includesPrivateFields else { return }
        try container.encode(comment.status, forKey: .status)
        try container.encode(comment.authorEmail, forKey: .authorEmail)
    }
}
