/// Why `quire copy-database` stopped; each says what to do.
public enum CopyError: Error, Equatable, CustomStringConvertible {
    case sameEngine
    case targetNotEmpty(table: String, rows: Int)
    case schemasDiffer(table: String, columns: [String])
    case unknownType(table: String, column: String, type: String)
    case unreadable(table: String, column: String, value: String)
    case nulInText(table: String, column: String)
    case checkFailed(table: String, detail: String)

    public var description: String {
        switch self {
        case .sameEngine:
            "copy-database copies between SQLite and PostgreSQL; to copy within one engine use `quire backup` (SQLite) or pg_dump (PostgreSQL)"
        case .targetNotEmpty(let table, let rows):
            "the target already holds a blog (\(table) has \(rows) rows); copy into a new, empty database"
        case .schemasDiffer(let table, let columns):
            "the two databases' \(table) tables differ in \(columns.joined(separator: ", ")); run the same Quire version's `quire migrate` on both"
        case .unknownType(let table, let column, let type):
            "\(table).\(column) has the type \(type), which copy-database does not know; run the same Quire version's `quire migrate` on both"
        case .unreadable(let table, let column, let value):
            "\(table).\(column) holds \(value), which is not what the column should hold; the source database needs repair before it can be copied"
        case .nulInText(let table, let column):
            "\(table).\(column) holds text with the character U+0000, which PostgreSQL can't store; find the rows with `SELECT rowid FROM \(table) WHERE instr(\(column), char(0)) > 0` and remove the character on SQLite first"
        case .checkFailed(let table, let detail):
            "the copy of \(table) does not match the source (\(detail)); the target is left as it is for a look, and should not be used"
        }
    }
}
