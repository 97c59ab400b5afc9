import Foundation
import NIOCore
import PostgresNIO

/// Reads and writes the copied tables of a PostgreSQL database on one connection, inside the
/// transaction `DatabaseCopy` holds on it.
struct PostgresCopySide: Sendable {
    let connection: PostgresConnection

    /// The table's columns in order, with their kinds; a type no copy knows is an error.
    func columns(of table: String) async throws -> [CopiedColumn] {
        try await connection.rows("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """).map { row in
            let (name, type) = try row.decode((String, String).self)
            guard let kind = ColumnKind(postgresType: type) else { throw CopyError.unknownType(table: table, column: name, type: type) }
            return CopiedColumn(name: name, kind: kind)
        }
    }

    func count(_ table: String) async throws -> Int {
        try await connection.rows(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)")).first?.decode(Int.self) ?? 0
    }

    func rows(_ layout: TableLayout, after: [CopiedValue]?, limit: Int) async throws -> [[CopiedValue]] {
        let list = layout.columns.map { column in
            switch column.kind {
            case .integer: "\(column.name)::bigint"
            case .boolean: "\(column.name)::int::bigint"
            case .real: "\(column.name)::float8"
            case .text, .blob: column.name
            case .timestamp: "(extract(epoch FROM \(column.name)) * 1000)::bigint"
            }
        }.joined(separator: ", ")
        // Text keys in byte order, as SQLite orders them, whatever the database's collation.
        let key = layout.keyColumns.map { $0.kind == .text ? "\($0.name) COLLATE \"C\"" : $0.name }.joined(separator: ", ")
        var bindings = PostgresBindings()
        var filter = ""
        if let after {
            let marks = zip(after, layout.keyColumns).map { value, column in
                Self.bind(value, kind: column.kind, to: &bindings)
                return Self.placeholder(bindings.count, kind: column.kind)
            }
            filter = "WHERE (\(key)) > (\(marks.joined(separator: ", ")))"
        }
        bindings.append(limit)
        let query = PostgresQuery(unsafeSQL: "SELECT \(list) FROM \(layout.table.name) \(filter) ORDER BY \(key) LIMIT $\(bindings.count)", binds: bindings)
        return try await connection.rows(query).map { row in
            let cells = row.makeRandomAccess()
            return try layout.columns.indices.map { index in
                let cell = cells[index]
                return switch layout.columns[index].kind {
                case .integer, .boolean: try cell.decode(Int64?.self).map(CopiedValue.integer) ?? .null
                case .timestamp: try cell.decode(Int64?.self).map(CopiedValue.milliseconds) ?? .null
                case .real: try cell.decode(Double?.self).map(CopiedValue.real) ?? .null
                case .text: try cell.decode(String?.self).map(CopiedValue.text) ?? .null
                case .blob: try cell.decode(ByteBuffer?.self).map { .blob(Array(buffer: $0)) } ?? .null
                }
            }
        }
    }

    /// Inserts the rows with one statement.
    func insert(_ rows: [[CopiedValue]], layout: TableLayout) async throws {
        guard !rows.isEmpty else { return }
        var bindings = PostgresBindings()
        let groups = rows.map { row in
            let values = zip(row, layout.columns).map { value, column in
                Self.bind(value, kind: column.kind, to: &bindings)
                return Self.placeholder(bindings.count, kind: column.kind)
            }
            return "(\(values.joined(separator: ", ")))"
        }
        let names = layout.columns.map(\.name).joined(separator: ", ")
        try await connection.execute(PostgresQuery(
            unsafeSQL: "INSERT INTO \(layout.table.name) (\(names)) OVERRIDING SYSTEM VALUE VALUES \(groups.joined(separator: ", "))", binds: bindings
        ))
    }

    /// The `number`th parameter, as the column's kind stores it.
    private static func placeholder(_ number: Int, kind: ColumnKind) -> String {
        switch kind {
        case .integer: "$\(number)::bigint"
        case .boolean: "($\(number)::bigint <> 0)"
        case .real: "$\(number)::float8"
        case .text: "$\(number)::text"
        case .blob: "$\(number)::bytea"
        case .timestamp: "(TIMESTAMPTZ 'epoch' + $\(number)::bigint * INTERVAL '1 millisecond')"
        }
    }

    /// Takes every table of Quire's for this transaction alone: no other connection reads or
    /// writes them until it ends (`quire restore`), and one that holds them makes this wait
    /// (up to the lock limit).
    func lockQuireTables() async throws {
        try await connection.execute(PostgresQuery(unsafeSQL: "LOCK TABLE \(CopiedTable.quireTables.joined(separator: ", ")) IN ACCESS EXCLUSIVE MODE"))
    }

    /// Empties Quire's tables (all but the migrations' record and the change counter, whose value
    /// the processes' caches compare), ids starting again from 1: for `quire restore`, inside the
    /// transaction that copies the backup in, so a failure leaves the blog as it was. Tables
    /// that aren't Quire's are never touched: one that refers to Quire's makes this fail.
    func emptyQuireTables() async throws {
        let tables = CopiedTable.quireTables.filter { !["quire_migration", "change_counter"].contains($0) }
        try await connection.execute(PostgresQuery(unsafeSQL: "TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY"))
        // TRUNCATE fires no row triggers: the counter is moved by hand, so every page cached before is stale.
        try await connection.execute("UPDATE change_counter SET content = content + 1, comments = comments + 1")
    }

    /// Moves each identity column's sequence past the copied ids, so the next insert gets a new one.
    func advanceSequences(of table: String) async throws {
        try await connection.execute(PostgresQuery(unsafeSQL: """
            SELECT setval(sequence, GREATEST(highest, 1), highest IS NOT NULL)
            FROM (SELECT pg_get_serial_sequence('\(table)', 'id') AS sequence, (SELECT max(id) FROM \(table)) AS highest) AS found
            WHERE sequence IS NOT NULL
            """))
    }

    private static func bind(_ value: CopiedValue, kind: ColumnKind, to bindings: inout PostgresBindings) {
        switch value {
        case .null:
            switch kind {
            case .integer, .boolean, .timestamp: bindings.append(Int64?.none)
            case .real: bindings.append(Double?.none)
            case .text: bindings.append(String?.none)
            case .blob: bindings.append(ByteBuffer?.none)
            }
        case .integer(let value), .milliseconds(let value): bindings.append(value)
        case .real(let value): bindings.append(value)
        case .text(let value): bindings.append(value)
        case .blob(let value): bindings.append(ByteBuffer(bytes: value))
        }
    }
}
