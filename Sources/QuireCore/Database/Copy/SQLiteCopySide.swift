import Foundation
import GRDB

/// Reads and writes the copied tables of a SQLite database (`DatabaseCopy`).
struct SQLiteCopySide: Sendable {
    /// A snapshot of a file's database while copying from it, so that every batch reads the
    /// same moment of a blog that may be serving; the database itself otherwise.
    let reader: any DatabaseReader
    let writer: (any DatabaseWriter)?

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

    /// Rows `offset..<offset + limit` in key order.
    func rows(of table: String, columns: [CopiedColumn], key: [String], offset: Int, limit: Int) async throws -> [[CopiedValue]] {
        let list = columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let order = key.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        return try await reader.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(list) FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: [limit, offset])
            return try rows.map { row in try zip(columns, row.databaseValues).map { column, value in try Self.copied(value, column: column, table: table) } }
        }
    }

    func insert(_ rows: [[CopiedValue]], into table: String, columns: [CopiedColumn]) async throws {
        guard let writer else { preconditionFailure("a copy's source is never written") }
        let list = columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try await writer.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO \(table.quotedDatabaseIdentifier) (\(list)) VALUES (\(marks))")
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
