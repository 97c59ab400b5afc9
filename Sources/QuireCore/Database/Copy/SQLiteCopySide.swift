import Foundation
import GRDB

/// Reads and writes the copied tables of a SQLite database (`DatabaseCopy`).
struct SQLiteCopySide: Sendable {
    /// A snapshot of a file's database while copying from it, so that every batch reads the
    /// same moment of a blog that may be serving; the database itself otherwise.
    let reader: any DatabaseReader
    let writer: (any DatabaseWriter)?

    /// The side of a copy's source, never written.
    init(reader: any DatabaseReader) {
        self.reader = reader
        self.writer = nil
    }

    /// The side of a copy's target.
    init(writer: any DatabaseWriter) {
        self.reader = writer
        self.writer = writer
    }

    /// The names of a table's columns.
    func columnNames(of table: String) async throws -> [String] {
        try await reader.read { db in try db.columns(in: table).map(\.name) }
    }

    /// The primary key's columns, which order the rows.
    func key(of table: String) async throws -> [String] {
        try await reader.read { db in try db.primaryKey(table).columns }
    }

    func count(_ table: String) async throws -> Int {
        try await reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0 }
    }

    func rows(_ layout: TableLayout, after: [CopiedValue]?, limit: Int) async throws -> [[CopiedValue]] {
        let list = layout.columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let key = layout.key.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let marks = Array(repeating: "?", count: layout.key.count).joined(separator: ", ")
        let filter = after == nil ? "" : "WHERE (\(key)) > (\(marks))"
        let sql = "SELECT \(list) FROM \(layout.table.name.quotedDatabaseIdentifier) \(filter) ORDER BY \(key) LIMIT ?"
        let arguments = StatementArguments((after ?? []).map(Self.stored) + [limit.databaseValue])
        return try await reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                try zip(layout.columns, row.databaseValues).map { column, value in try Self.copied(value, column: column, table: layout.table.name) }
            }
        }
    }

    /// Throws for the first text column that holds U+0000 in any row: PostgreSQL can't keep it
    /// (Quire refuses it since, but older rows may have it), and SQLite's text reads stop there.
    func requireNoNulCharacter(in layout: TableLayout) async throws {
        for column in layout.columns where column.kind == .text {
            let found = try await reader.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(layout.table.name.quotedDatabaseIdentifier) WHERE instr(\(column.name.quotedDatabaseIdentifier), char(0)) > 0)")
            }
            if found == true { throw CopyError.nulInText(table: layout.table.name, column: column.name) }
        }
    }

    func insert(_ rows: [[CopiedValue]], layout: TableLayout) async throws {
        guard let writer else { preconditionFailure("a copy's source is never written") }
        let list = layout.columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let marks = Array(repeating: "?", count: layout.columns.count).joined(separator: ", ")
        try await writer.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO \(layout.table.name.quotedDatabaseIdentifier) (\(list)) VALUES (\(marks))")
            for row in rows { try statement.execute(arguments: StatementArguments(row.map(Self.stored))) }
        }
    }

    private static func copied(_ value: DatabaseValue, column: CopiedColumn, table: String) throws -> CopiedValue {
        if value.isNull { return .null }
        let copied: CopiedValue? = switch column.kind {
        case .integer, .boolean: Int64.fromDatabaseValue(value).map(CopiedValue.integer)
        case .real: Double.fromDatabaseValue(value).map(CopiedValue.real)
        case .text: String.fromDatabaseValue(value).map(CopiedValue.text)
        case .blob: Data.fromDatabaseValue(value).map { .blob(Array($0)) }
        case .timestamp: Date.fromDatabaseValue(value).map { .milliseconds(PostgresTimestamp.nearestMilliseconds($0)) }
        }
        guard let copied else { throw CopyError.unreadable(table: table, column: column.name, value: value.description) }
        return copied
    }

    private static func stored(_ value: CopiedValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .blob(let value): Data(value).databaseValue
        case .milliseconds(let value): PostgresTimestamp.storedText(milliseconds: value).databaseValue
        }
    }
}
