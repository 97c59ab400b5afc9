import Foundation
import GRDB

/// Pages: `post` rows of kind `page`, read on their own (SPEC §9).
extension SQLitePostStore {
    /// The page readers see at `/{slug}`.
    public func publicPage(slug: String, now: Date) async throws -> Post? {
        try await database.reader.read { db in
            try Post.fetchOne(db, SQLRequest<Post>(literal: "SELECT * FROM post WHERE slug = \(slug) AND \(Post.isPublicSQL(at: now, kind: .page))"))
        }
    }

    /// Every page readers may see, by title, without bodies unless `bodies`.
    public func publicPages(now: Date, bodies: Bool = false) async throws -> [Post] {
        try await database.reader.read { db in
            let columns = bodies ? "*" : Post.summaryColumnsSQL
            return try Post.fetchAll(db, SQLRequest<Post>(literal: """
                SELECT \(sql: columns) FROM post WHERE \(Post.isPublicSQL(at: now, kind: .page)) ORDER BY title COLLATE NOCASE, id
                """))
        }
    }

    /// Every page of any status, by title, with bodies: for authors.
    public func allPages() async throws -> [Post] {
        try await database.reader.read { db in
            try Post.fetchAll(db, sql: "SELECT * FROM post WHERE kind = 'page' ORDER BY title COLLATE NOCASE, id")
        }
    }

    /// The current slug of the public page that had `slug` before it was renamed.
    public func renamedPageSlug(from slug: String, now: Date) async throws -> String? {
        try await database.reader.read { db in
            try String.fetchOne(db, SQLRequest<String>(literal: """
                SELECT slug FROM post WHERE post.id = (SELECT post_id FROM post_slug_redirect WHERE old_slug = \(slug))
                AND \(Post.isPublicSQL(at: now, kind: .page))
                """))
        }
    }
}
