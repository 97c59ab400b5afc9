import Crypto
import Foundation

/// How a copied column's values are read and written: the kinds the two schemas share.
enum ColumnKind: Sendable {
    case integer, boolean, real, text, blob, timestamp

    /// The kind of a PostgreSQL column, from `information_schema.columns.data_type`; nil for a
    /// type no copied table uses.
    init?(postgresType: String) {
        switch postgresType {
        case "bigint", "integer", "smallint": self = .integer
        case "boolean": self = .boolean
        case "double precision", "real": self = .real
        case "text", "character varying": self = .text
        case "bytea": self = .blob
        case "timestamp with time zone": self = .timestamp
        default: return nil
        }
    }
}

/// One cell of a copied row, as both engines read and write it exactly: booleans as 0 or 1,
/// times as whole milliseconds since 1970 (`PostgresTimestamp`).
enum CopiedValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case milliseconds(Int64)

    /// Adds the value to a table's checksum, its kind included, so that no two different rows
    /// feed the same bytes.
    func feed(into digest: inout SHA256) {
        switch self {
        case .null: digest.update(data: [0])
        case .integer(let value): digest.update(data: [1] + withUnsafeBytes(of: value.littleEndian, Array.init))
        case .real(let value): digest.update(data: [2] + withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init))
        case .text(let value): Self.feed(3, Array(value.utf8), into: &digest)
        case .blob(let value): Self.feed(4, value, into: &digest)
        case .milliseconds(let value): digest.update(data: [5] + withUnsafeBytes(of: value.littleEndian, Array.init))
        }
    }

    private static func feed(_ tag: UInt8, _ bytes: [UInt8], into digest: inout SHA256) {
        digest.update(data: [tag] + withUnsafeBytes(of: UInt64(bytes.count).littleEndian, Array.init))
        digest.update(data: bytes)
    }
}
