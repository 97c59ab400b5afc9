import Crypto
import Foundation
import GRDB
import PostgresNIO

/// `quire copy-database`: a whole blog copied from SQLite to PostgreSQL or back, and then
/// checked. The target must be migrated and empty; on PostgreSQL the copy is one transaction,
/// so a failure leaves it empty. Derived data (search, related-post weights) is made again by
/// the target's engine. Last, each table is counted and checksummed on both sides (every
/// value, in key order, as `CopiedValue`), and any difference is an error.
public struct DatabaseCopy: Sendable {
    /// One table's check: its rows and checksum, the same on both sides.
    public struct TableCheck: Sendable, Equatable {
        public var table: String
        public var rows: Int
        public var checksum: String
    }

    let source: BlogDatabase
    let target: BlogDatabase
    /// Empties a PostgreSQL target first, in the copy's transaction (`quire restore`); a SQLite
    /// target is always a new file.
    let replacing: Bool

    public init(from source: BlogDatabase, to target: BlogDatabase, replacing: Bool = false) {
        self.source = source
        self.target = target
        self.replacing = replacing
    }

    /// Copies, rebuilds and checks; `progress` hears each table as it is done.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> [TableCheck] {
        switch (source, target) {
        case (.sqlite(let sqlite), .postgres(let postgres)):
            let reader = try SQLiteCopySide(reader: sqlite.snapshotReader(), writer: nil)
            try await postgres.withConnection(timeout: .seconds(7 * 24 * 3600)) { connection in
                try await Self.inTransaction(connection, readOnly: false) { [replacing] in
                    let target = PostgresCopySide(connection: connection)
                    if replacing { try await target.emptyEveryTable() }
                    try await Self.copyAll(from: reader, to: target, progress: progress)
                }
            }
            progress("search and related posts made again on PostgreSQL")
            try await PostgresPostKeywords.rebuildAll(in: postgres)
            return try await postgres.withConnection(timeout: .seconds(7 * 24 * 3600)) { connection in
                try await Self.check(reader, PostgresCopySide(connection: connection))
            }
        case (.postgres(let postgres), .sqlite(let sqlite)):
            let writer = SQLiteCopySide(reader: sqlite.writer, writer: sqlite.writer)
            return try await postgres.withConnection(timeout: .seconds(7 * 24 * 3600)) { connection in
                // One snapshot of a blog that may be serving, for the copy and its check.
                try await Self.inTransaction(connection, readOnly: true) {
                    let reader = PostgresCopySide(connection: connection)
                    try await Self.copyAll(from: reader, to: writer, progress: progress)
                    progress("search and related posts made again on SQLite")
                    try await PostKeywords.refreshStale(in: sqlite)
                    return try await Self.check(writer, reader)
                }
            }
        default:
            throw CopyError.sameEngine
        }
    }

    /// Every copied table, in order, after checking that the target has none of their rows.
    private static func copyAll(from source: some CopySide, to target: some CopySide, progress: @Sendable (String) -> Void) async throws {
        let postgres = (source as? PostgresCopySide) ?? (target as? PostgresCopySide)
        let sqlite = (source as? SQLiteCopySide) ?? (target as? SQLiteCopySide)
        guard let postgres, let sqlite else { throw CopyError.sameEngine }
        for table in CopiedTable.all {
            let rows = try await target.count(table.name)
            if rows > 0 { throw CopyError.targetNotEmpty(table: table.name, rows: rows) }
        }
        for table in CopiedTable.all {
            let (columns, key) = try await layout(of: table.name, postgres: postgres, sqlite: sqlite)
            var offset = 0
            while true {
                let batch = try await source.rows(of: table.name, columns: columns, key: key, offset: offset, limit: table.batchSize)
                if batch.isEmpty { break }
                try await target.insert(batch, into: table.name, columns: columns)
                offset += batch.count
            }
            if let target = target as? PostgresCopySide, columns.contains(where: { $0.name == "id" }) {
                try await target.advanceSequences(of: table.name)
            }
            progress("\(table.name): \(offset) rows")
        }
    }

    /// The columns both engines give a table (derived ones left out) and its key; a column only
    /// one side has means the schemas differ.
    private static func layout(of table: String, postgres: PostgresCopySide, sqlite: SQLiteCopySide) async throws -> ([CopiedColumn], [String]) {
        let columns = try await postgres.columns(of: table).filter { !CopiedTable.derivedColumns.contains($0.name) }
        let sqliteNames = Set(try await sqlite.columnNames(of: table)).subtracting(CopiedTable.derivedColumns)
        let differing = sqliteNames.symmetricDifference(columns.map(\.name))
        guard differing.isEmpty else { throw CopyError.schemasDiffer(table: table, columns: differing.sorted()) }
        return (columns, try await sqlite.key(of: table))
    }

    /// Counts and checksums every copied table on both sides; throws at the first difference.
    private static func check(_ sqlite: SQLiteCopySide, _ postgres: PostgresCopySide) async throws -> [TableCheck] {
        var checks: [TableCheck] = []
        for table in CopiedTable.all {
            let (columns, key) = try await layout(of: table.name, postgres: postgres, sqlite: sqlite)
            let first = try await summary(of: table, on: sqlite, columns: columns, key: key)
            let second = try await summary(of: table, on: postgres, columns: columns, key: key)
            guard first == second else {
                throw CopyError.checkFailed(table: table.name, detail: "SQLite has \(first.rows) rows, checksum \(first.checksum.prefix(12)); PostgreSQL has \(second.rows), checksum \(second.checksum.prefix(12))")
            }
            checks.append(first)
        }
        return checks
    }

    private static func summary(of table: CopiedTable, on side: some CopySide, columns: [CopiedColumn], key: [String]) async throws -> TableCheck {
        var digest = SHA256()
        var offset = 0
        while true {
            let batch = try await side.rows(of: table.name, columns: columns, key: key, offset: offset, limit: table.batchSize)
            if batch.isEmpty { break }
            for row in batch { for value in row { value.feed(into: &digest) } }
            offset += batch.count
        }
        let checksum = digest.finalize().map { String(format: "%02x", $0) }.joined()
        return TableCheck(table: table.name, rows: offset, checksum: checksum)
    }

    /// Runs `body` in a transaction on the connection: read-only ones see one snapshot throughout.
    private static func inTransaction<Result: Sendable>(
        _ connection: PostgresConnection, readOnly: Bool, _ body: () async throws -> Result
    ) async throws -> Result {
        try await connection.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            try await connection.execute("SET LOCAL statement_timeout = 0")
            let result = try await body()
            try await connection.execute("COMMIT")
            return result
        } catch {
            try? await connection.execute("ROLLBACK")
            throw error
        }
    }
}

/// What the copy needs of either engine's side.
protocol CopySide: Sendable {
    func count(_ table: String) async throws -> Int
    func rows(of table: String, columns: [CopiedColumn], key: [String], offset: Int, limit: Int) async throws -> [[CopiedValue]]
    func insert(_ rows: [[CopiedValue]], into table: String, columns: [CopiedColumn]) async throws
}

extension SQLiteCopySide: CopySide {}
extension PostgresCopySide: CopySide {}

extension AppDatabase {
    /// A reader that sees one moment of the database for as long as it lives: a snapshot of a
    /// file's pool; an in-memory database (tests) has no other writer, so it is its own.
    func snapshotReader() throws -> any DatabaseReader {
        guard let pool = writer as? DatabasePool else { return writer }
        return try pool.makeSnapshot()
    }
}
