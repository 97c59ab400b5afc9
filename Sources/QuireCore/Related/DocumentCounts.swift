import GRDB

/// How many posts of the search index hold a term, for the IDF of related-post weights.
///
/// SQLite's `fts5vocab` answers one term by reading that term's whole list of posts, so asking it
/// for every term of every post costs more the larger the blog: fine for one post, quadratic for
/// an import. Many posts at once read every term's count in one scan instead.
struct DocumentCounts {
    let count: (String) throws -> Int

    /// One lookup per term: for writing a single post. (A batch reads `all` once instead.)
    static func lookingUp(_ db: Database) throws -> DocumentCounts {
        let statement = try db.cachedStatement(sql: "SELECT doc FROM post_search_vocabulary WHERE term = ?")
        return DocumentCounts { term in try Int.fetchOne(statement, arguments: [term]) ?? 0 }
    }

    /// Every term's count, in one scan of the index.
    static func all(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM post_search_vocabulary")
        while let row = try rows.next() {
            counts[row[0]] = row[1]
        }
        return counts
    }
}
