import Foundation
import GRDB
import GRDBSQLite

/// The head of each term's list of posts, kept as one blob (`term_head`, migration 0014) so a
/// related list reads its post's terms as 60 blobs rather than thousands of index rows.
///
/// `post_keyword` and its term index stay the truth: a trigger marks every term whose rows
/// change in `term_head_stale`, and a stale term is read from the index until `writeStale`
/// writes its head again. A head is never out of date, only sometimes not yet usable.
enum TermHeads {
    /// How many posts a related list reads for each term: the ones that weigh it most (the rest
    /// add little to a cosine and would make a large blog slow).
    static let postsPerTerm = 200
    /// How many stale heads a post's own write brings up to date (its terms, and a few left
    /// by a deletion); a larger backlog, such as an import's, waits for `writeAllStale`.
    static let writtenWithAPost = 200
    /// Each posting in a blob: the post's id, then the weight, both 8 bytes, little-endian.
    private static let postingSize = 16

    /// Calls `body` with the id and weight of each post in the head of `term`, heaviest first:
    /// from its blob, or from the index when the term is stale or has none. `anyStale` false
    /// (no term is stale: `anyStale(_:)`) saves looking the term up.
    static func forEachPosting(of term: String, anyStale: Bool, _ db: Database, _ body: (Int64, Double) -> Void) throws {
        let stale = try anyStale && db.cachedStatement(sql: "SELECT 1 FROM term_head_stale WHERE term = ?").hasRow(arguments: [term])
        var found = false
        if !stale {
            try db.cachedStatement(sql: "SELECT postings FROM term_head WHERE term = ?").forEachRawRow(arguments: [term]) { row in
                found = true
                let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(row, 0), count: Int(sqlite3_column_bytes(row, 0)))
                for offset in stride(from: 0, to: bytes.count - postingSize + 1, by: postingSize) {
                    let id = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
                    let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                    body(id, Double(bitPattern: bits))
                }
            }
        }
        if !found { try forEachIndexedPosting(of: term, db, body) }
    }

    /// Whether any term waits for its head to be written.
    static func anyStale(_ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "SELECT 1 FROM term_head_stale LIMIT 1").hasRow(arguments: [])
    }

    /// Writes again the heads of up to `limit` stale terms and returns how many it wrote. Writes
    /// none while the term index is set aside (a large import): reading heads without it would
    /// scan every keyword for each term.
    @discardableResult
    static func writeStale(limit: Int, _ db: Database) throws -> Int {
        guard try db.indexes(on: "post_keyword").contains(where: { $0.name == PostKeywords.termIndex }) else { return 0 }
        let terms = try String.fetchAll(db.cachedStatement(sql: "SELECT term FROM term_head_stale LIMIT ?"), arguments: [limit])
        let replace = try db.cachedStatement(sql: "INSERT OR REPLACE INTO term_head (term, postings) VALUES (?, ?)")
        let remove = try db.cachedStatement(sql: "DELETE FROM term_head WHERE term = ?")
        let written = try db.cachedStatement(sql: "DELETE FROM term_head_stale WHERE term = ?")
        var postings = Data(capacity: postsPerTerm * postingSize)
        for term in terms {
            postings.removeAll(keepingCapacity: true)
            try forEachIndexedPosting(of: term, db) { id, weight in
                withUnsafeBytes(of: id.littleEndian) { postings.append(contentsOf: $0) }
                withUnsafeBytes(of: weight.bitPattern.littleEndian) { postings.append(contentsOf: $0) }
            }
            if postings.isEmpty {
                try remove.execute(arguments: [term])
            } else {
                try replace.execute(arguments: [term, postings])
            }
            try written.execute(arguments: [term])
        }
        return terms.count
    }

    /// Writes every stale head, `batch` terms to a transaction so a running server's writes
    /// wait only for one batch, until none is left or `continuing` says to stop.
    static func writeAllStale(in database: AppDatabase, batch: Int = 2_000, while continuing: @Sendable () -> Bool = { true }) async throws {
        while continuing(), try await database.writer.write({ db in try writeStale(limit: batch, db) }) == batch {}
    }

    /// The head of `term` read from the index: what a blob holds, and the way a stale term is read.
    private static func forEachIndexedPosting(of term: String, _ db: Database, _ body: (Int64, Double) -> Void) throws {
        let heaviest = try db.cachedStatement(sql: "SELECT post_id, weight FROM post_keyword WHERE term = ? ORDER BY weight DESC LIMIT ?")
        try heaviest.forEachRawRow(arguments: [term, postsPerTerm]) { row in
            body(sqlite3_column_int64(row, 0), sqlite3_column_double(row, 1))
        }
    }
}
