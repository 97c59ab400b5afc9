import Foundation
import Hummingbird
import QuireCore

/// The strong ETag of an author's copy of a post, `"post-ID-vN-HASH"`: the post's version (which
/// moves with every save of the post itself, not with its comments) and the hash of the answer's
/// bytes (so a cache keyed by ETag, such as the gzip store, never serves an older body). A `PUT`
/// may name it in `If-Match` so it never saves over a newer version; only `post-ID-vN` is
/// compared, so a new comment or a gzipped copy (`…-gzip`) still matches.
enum PostVersionTag {
    /// The tag for an answer whose body's own ETag is `bodyETag` (`"HASH"`).
    static func etag(postID: Int64?, version: Int, bodyETag: String) -> String {
        "\"\(prefix(postID: postID, version: version))-\(bodyETag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))\""
    }

    /// Sets a post's version tag on an author's answer, in place of the body's own ETag.
    static func tag(_ response: inout Response, postID: Int64?, version: Int) {
        guard let bodyETag = response.headers[.eTag] else { return }
        response.headers[.eTag] = etag(postID: postID, version: version, bodyETag: bodyETag)
    }

    /// The version a `PUT` may save over, from its `If-Match`: nil when it has none (or `*`);
    /// the current version when a listed tag names it; otherwise 0, which no version is, so the
    /// store refuses the save (`StoreError.outdated`, 412), once it has found the body sound.
    static func expectedVersion(ifMatch: String?, current: EditablePost) -> Int? {
        guard let ifMatch else { return nil }
        let tags = ifMatch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if tags.contains("*") { return nil }
        // If-Match compares strongly: a weak tag (W/"…") never matches.
        let named = "\"" + prefix(postID: current.post.id, version: current.version)
        return tags.contains { $0 == named + "\"" || $0.hasPrefix(named + "-") } ? current.version : 0
    }

    private static func prefix(postID: Int64?, version: Int) -> String {
        "post-\(postID ?? 0)-v\(version)"
    }
}
