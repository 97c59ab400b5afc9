import Crypto
import Foundation

/// Each approved comment's HTML, rendered once with the theme's `comment` template and kept,
/// found by a digest of everything it shows: its own fields and its replies' digests.
///
/// Nothing kept can be stale: a comment that shows anything different (an edit, a new reply
/// anywhere below it, another date format) has another digest. So a post page after a new
/// comment renders only that comment and the ones above it, not the whole thread. Bounded in
/// bytes; past the budget, the oldest go first.
final class CommentFragments: Sendable {
    private let store: BoundedStore<Data, String>

    init(budget: Int = 4 * 1024 * 1024) {
        store = BoundedStore(budget: budget, largest: budget / 8)
    }

    /// The digest of a comment's displayed fields and its replies' digests, in order.
    static func digest(fields: [String], replies: [Data]) -> Data {
        var hash = SHA256()
        for field in fields {
            // Each field with its length, so no two lists of fields read alike.
            withUnsafeBytes(of: UInt64(field.utf8.count).littleEndian) { hash.update(bufferPointer: $0) }
            hash.update(data: Data(field.utf8))
        }
        for reply in replies { hash.update(data: reply) }
        return Data(hash.finalize())
    }

    /// The HTML kept for `digest`, or the one `render` makes, then kept.
    func html(for digest: Data, render: () throws -> String) rethrows -> String {
        if let known = store.value(for: digest) { return known }
        let html = try render()
        store.keep(html, size: html.utf8.count + digest.count, for: digest)
        return html
    }
}
