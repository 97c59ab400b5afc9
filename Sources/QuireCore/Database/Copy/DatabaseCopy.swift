import Crypto
import Foundation
import GRDB
import PostgresNIO

/// `quire copy-database`: a whole blog copied from SQLite to PostgreSQL or back, and then
/// checked. The target must be migrated and empty. Everything on PostgreSQL happens in one
/// transaction, which sees one snapshot of a blog that may be serving: copying there, the rows,
/// the derived data (search, related-post weights) made again by PostgreSQL and the check are
/// committed together or not at all. Last, each table is counted and checksummed on both sides
/// (every value, in key order, as `CopiedValue`), and any difference is an error.
public struct DatabaseCopy: Sendable {
    /// One table's check: its rows and checksum, the same on both sides.
    public struct TableCheck: Sendable, Equatable {
        public var table: String
        public var rows: Int
        public var checksum: String
    }

    let source: BlogDatabase
    let target: BlogDatabase

    public init(from source: BlogDatabase, to target: BlogDatabase) {
        self.source = source
        self.target = target
    }

    /// Copies, rebuilds and checks; `progress` hears each table as it is done.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> [TableCheck] {
        switch (source, target) {
        case (.sqlite(let sqlite), .postgres(let postgres)):
            let reader = SQLiteCopySide(reader: try sqlite.snapshotReader())
            return try await Self.inTransaction(on: postgres, readOnly: false) { connection in
                try await Self.copy(from: reader, to: PostgresCopySide(connection: connection), progress: progress)
            }
        case (.postgres(let postgres), .sqlite(let sqlite)):
            let checks = try await Self.inTransaction(on: postgres, readOnly: true) { connection in
                try await Self.copy(from: PostgresCopySide(connection: connection), to: SQLiteCopySide(writer: sqlite.writer), progress: progress)
            }
            progress("search and related posts made again on SQLite")
            try await PostKeywords.refreshStale(in: sqlite)
            return checks
        default:
            throw CopyError.sameEngine
        }
    }

    /// SQLite to PostgreSQL, inside the transaction the caller holds on the target's connection:
    /// the rows, then search and related-post weights made again, then the check.
    static func copy(from sqlite: SQLiteCopySide, to postgres: PostgresCopySide, progress: @Sendable (String) -> Void) async throws -> [TableCheck] {
        let layouts = try await layouts(postgres, sqlite)
        for layout in layouts { try await sqlite.requireNoNulCharacter(in: layout) }
        try await copyRows(from: sqlite, to: postgres, layouts: layouts, progress: progress)
        for layout in layouts where layout.columns.contains(where: { $0.name == "id" }) {
            try await postgres.advanceSequences(of: layout.table.name)
        }
        progress("search and related posts made again on PostgreSQL")
        try await PostgresPostKeywords.rebuildAll(on: postgres.connection)
        return try await check(sqlite, postgres, layouts: layouts)
    }

    /// PostgreSQL to SQLite, inside the read transaction the caller holds on the source's
    /// connection: the rows, then the check. The target's derived data is the caller's to make,
    /// once that transaction is over (`PostKeywords.refreshStale`).
    static func copy(from postgres: PostgresCopySide, to sqlite: SQLiteCopySide, progress: @Sendable (String) -> Void) async throws -> [TableCheck] {
        let layouts = try await layouts(postgres, sqlite)
        try await copyRows(from: postgres, to: sqlite, layouts: layouts, progress: progress)
        return try await check(sqlite, postgres, layouts: layouts)
    }

    /// Every copied table, in order, after checking that the target has none of their rows.
    private static func copyRows(from source: some CopySide, to target: some CopySide, layouts: [TableLayout], progress: @Sendable (String) -> Void) async throws {
        for layout in layouts {
            let rows = try await target.count(layout.table.name)
            if rows > 0 { throw CopyError.targetNotEmpty(table: layout.table.name, rows: rows) }
        }
        for layout in layouts {
            var copied = 0
            try await forEachBatch(of: layout, on: source) { batch in
                try await target.insert(batch, layout: layout)
                copied += batch.count
            }
            progress("\(layout.table.name): \(copied) rows")
        }
    }

    /// Reads a table in batches in key order, each batch after the last row's key.
    private static func forEachBatch(of layout: TableLayout, on side: some CopySide, _ body: ([[CopiedValue]]) async throws -> Void) async throws {
        var after: [CopiedValue]?
        while true {
            let batch = try await side.rows(layout, after: after, limit: layout.table.batchSize)
            guard let last = batch.last else { return }
            try await body(batch)
            after = layout.keyIndices.map { last[$0] }
        }
    }

    /// Each copied table's columns that both engines give it (derived ones left out) and its key;
    /// a column only one side has means the schemas differ.
    private static func layouts(_ postgres: PostgresCopySide, _ sqlite: SQLiteCopySide) async throws -> [TableLayout] {
        var layouts: [TableLayout] = []
        for table in CopiedTable.all {
            let columns = try await postgres.columns(of: table.name).filter { !CopiedTable.derivedColumns.contains($0.name) }
            let sqliteNames = Set(try await sqlite.columnNames(of: table.name)).subtracting(CopiedTable.derivedColumns)
            let differing = sqliteNames.symmetricDifference(columns.map(\.name))
            guard differing.isEmpty else { throw CopyError.schemasDiffer(table: table.name, columns: differing.sorted()) }
            layouts.append(try TableLayout(table: table, columns: columns, key: try await sqlite.key(of: table.name)))
        }
        return layouts
    }

    /// Counts and checksums every copied table on both sides; throws at the first difference.
    private static func check(_ sqlite: SQLiteCopySide, _ postgres: PostgresCopySide, layouts: [TableLayout]) async throws -> [TableCheck] {
        var checks: [TableCheck] = []
        for layout in layouts {
            let first = try await summary(of: layout, on: sqlite)
            let second = try await summary(of: layout, on: postgres)
            guard first == second else {
                throw CopyError.checkFailed(table: layout.table.name, detail: "SQLite has \(first.rows) rows, checksum \(first.checksum.prefix(12)); PostgreSQL has \(second.rows), checksum \(second.checksum.prefix(12))")
            }
            checks.append(first)
        }
        return checks
    }

    private static func summary(of layout: TableLayout, on side: some CopySide) async throws -> TableCheck {
        var digest = SHA256()
        var rows = 0
        try await forEachBatch(of: layout, on: side) { batch in
            for row in batch { for value in row { value.feed(into: &digest) } }
            rows += batch.count
        }
        let checksum = digest.finalize().map { String(format: "%02x", $0) }.joined()
        return TableCheck(table: layout.table.name, rows: rows, checksum: checksum)
    }

    /// Runs `body` in a transaction on one connection of `database`, with no time limit on its
    /// statements or its pauses (the SQLite side's work happens between them): read-only ones
    /// see one snapshot throughout.
    static func inTransaction<Result: Sendable>(
        on database: PostgresDatabase, readOnly: Bool, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await database.withConnection(timeout: .seconds(7 * 24 * 3600)) { connection in
            try await connection.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
            do {
                try await connection.execute("SET LOCAL statement_timeout = 0")
                try await connection.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
                let result = try await body(connection)
                try await connection.execute("COMMIT")
                return result
            } catch {
                try? await connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}

extension AppDatabase {
    /// A reader that sees one moment of the database for as long as it lives: a snapshot of a
    /// file's pool; an in-memory database (tests) has no other writer, so it is its own.
    func snapshotReader() throws -> any DatabaseReader {
        guard let pool = writer as? DatabasePool else { return writer }
        return try pool.makeSnapshot()
    }
}
