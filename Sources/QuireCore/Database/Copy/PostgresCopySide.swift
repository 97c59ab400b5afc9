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

    /// Rows `offset..<offset + limit` in key order.
    func rows(of table: String, columns: [CopiedColumn], key: [String], offset: Int, limit: Int) async throws -> [[CopiedValue]] {
        let list = columns.map { column in
            switch column.kind {
            case .integer: "\(column.name)::bigint"
            case .boolean: "\(column.name)::int::bigint"
            case .real: "\(column.name)::float8"
            case .text, .blob: column.name
            case .timestamp: "(extract(epoch FROM \(column.name)) * 1000)::bigint"
            }
        }.joined(separator: ", ")
        var bindings = PostgresBindings()
        bindings.append(limit)
        bindings.append(offset)
        let query = PostgresQuery(unsafeSQL: "SELECT \(list) FROM \(table) ORDER BY \(key.joined(separator: ", ")) LIMIT $1 OFFSET $2", binds: bindings)
        return try await connection.rows(query).map { row in
            let cells = row.makeRandomAccess()
            return try columns.indices.map { index in
                let cell = cells[index]
                return switch columns[index].kind {
                case .integer, .boolean: try cell.decode(Int64?.self).map(CopiedValue.integer) ?? .null
                case .timestamp: try cell.decode(Int64?.self).map(CopiedValue.milliseconds) ?? .null
                case .real: try cell.decode(Double?.self).map(CopiedValue.real) ?? .null
                case .text: try cell.decode(String?.self).map(CopiedValue.text) ?? .null
                case .blob: try cell.decode(ByteBuffer?.self).map { .blob(Array(buffer: $0)) } ?? .null
                }
            }
        }
    }

    func insert(_ rows: [[CopiedValue]], into table: String, columns: [CopiedColumn]) async throws {
        let values = columns.enumerated().map { index, column in
            switch column.kind {
            case .integer: "$\(index + 1)::bigint"
            case .boolean: "($\(index + 1)::bigint <> 0)"
            case .real: "$\(index + 1)::float8"
            case .text: "$\(index + 1)::text"
            case .blob: "$\(index + 1)::bytea"
            case .timestamp: "(TIMESTAMPTZ 'epoch' + $\(index + 1)::bigint * INTERVAL '1 millisecond')"
            }
        }.joined(separator: ", ")
        let sql = "INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", "))) OVERRIDING SYSTEM VALUE VALUES (\(values))"
        for row in rows {
            var bindings = PostgresBindings()
            for (value, column) in zip(row, columns) { Self.bind(value, kind: column.kind, to: &bindings) }
            try await connection.execute(PostgresQuery(unsafeSQL: sql, binds: bindings))
        }
    }

    /// Empties every table but the migrations' record and the change counter (whose value the
    /// processes' caches compare), ids starting again from 1: for `quire restore`, inside the
    /// transaction that copies the backup in, so a failure leaves the blog as it was.
    func emptyEveryTable() async throws {
        let tables = try await connection.rows("""
            SELECT tablename FROM pg_tables
            WHERE schemaname = current_schema() AND tablename NOT IN ('quire_migration', 'change_counter')
            ORDER BY tablename
            """).map { try $0.decode(String.self) }
        guard !tables.isEmpty else { return }
        try await connection.execute(PostgresQuery(unsafeSQL: "TRUNCATE \(tables.joined(separator: ", ")) RESTART IDENTITY CASCADE"))
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
