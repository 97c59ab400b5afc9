import Foundation
import GRDB

/// An address a post or page had before the blog moved to Quire: a permalink path such as
/// `/2024/05/01/slug/` or `/about/team/`, or WordPress's `/?p=ID` and `/?page_id=ID`. Each
/// answers a 301 to where the post is now.
public enum OldAddress {
    /// The key a path is stored and looked up by: percent-decoded, lowercase, without a trailing
    /// slash; nil for the front page, which stays Quire's.
    public static func key(path: some StringProtocol) -> String? {
        var path = String(path).removingPercentEncoding ?? String(path)
        while path.hasSuffix("/") { path.removeLast() }
        guard path.hasPrefix("/"), path.count > 1 else { return nil }
        return path.lowercased()
    }

    /// The key of the path of a permalink URL (`https://old.example/2024/05/01/slug/`), when it
    /// has a path of its own (not the front page, not a `?p=` link).
    public static func key(url: String) -> String? {
        guard let components = URLComponents(string: url), components.query == nil else { return nil }
        return key(path: components.percentEncodedPath)
    }

    public static func postKey(_ id: Int64) -> String { "?p=\(id)" }
    public static func pageKey(_ id: Int64) -> String { "?page_id=\(id)" }

    /// Notes that `key` now means the post `postID`; a key noted before keeps its post.
    static func record(_ key: String, postID: Int64, _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO old_address (address, post_id) VALUES (?, ?)", arguments: [key, postID])
    }
}

/// What an old address stands for now.
public enum OldAddressTarget: Sendable, Equatable {
    /// A public post or page, at this path.
    case publicAt(String)
    /// A post or page readers may not see (a draft, a scheduled post).
    case notPublic
    /// No post was ever at this address.
    case unknown
}

extension SQLitePostStore {
    /// The post or page an old address stands for.
    public func oldAddress(_ key: String, now: Date) async throws -> OldAddressTarget {
        try await database.reader.read { db in
            guard let row = try Row.fetchOne(db, SQLRequest<Row>(literal: """
                SELECT \(sql: Post.summaryColumnsSQL), \(Post.isPublicSQL(at: now, kind: nil)) AS is_public
                FROM old_address JOIN post ON post.id = old_address.post_id WHERE old_address.address = \(key)
                """))
            else { return .unknown }
            guard row["is_public"] as Bool else { return .notPublic }
            return .publicAt(try Post(row: row).publicPath)
        }
    }

    /// The public post or page with this id: what a feed entry's id (`/?p=ID`) names.
    public func publicPostOrPage(id: Int64, now: Date) async throws -> Post? {
        try await database.reader.read { db in
            try Post.fetchOne(db, SQLRequest<Post>(literal: """
                SELECT \(sql: Post.summaryColumnsSQL) FROM post
                WHERE id = \(id) AND \(Post.isPublicSQL(at: now, kind: nil))
                """))
        }
    }
}
