import Foundation
import Hummingbird
import QuireCore

/// The strong ETag that names one version of a post (`"post-ID-vN"`), which an author's GET
/// answers with and a `PUT` may name in `If-Match` so it never saves over a newer version.
/// The version moves with every save of the post itself, not with its comments.
enum PostVersionTag {
    static func etag(postID: Int64?, version: Int) -> String {
        "\"post-\(postID ?? 0)-v\(version)\""
    }

    /// The version a `PUT` may save over, from its `If-Match`: nil when it has none (or `*`);
    /// the current version when a listed tag names it; otherwise 0, which no version is, so the
    /// store refuses the save (`StoreError.outdated`, 412), once it has found the body sound.
    static func expectedVersion(ifMatch: String?, current: EditablePost) -> Int? {
        guard let ifMatch else { return nil }
        let tags = ifMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if tags.contains("*") { return nil }
        // If-Match compares strongly: a weak tag (W/"…") never matches.
        return tags.contains(etag(postID: current.post.id, version: current.version)) ? current.version : 0
    }
}
