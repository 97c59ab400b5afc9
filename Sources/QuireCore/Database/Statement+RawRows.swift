import GRDB
import GRDBSQLite

extension Statement {
    /// Runs the statement with `arguments` and calls `body` at each row with SQLite's statement,
    /// for the `sqlite3_column_*` functions to read in place: for hot loops over thousands of
    /// rows, where making a `Row` (and a `Data` for each blob) would cost more than the query.
    func forEachRawRow(arguments: StatementArguments, _ body: (SQLiteStatement) throws -> Void) throws {
        try setArguments(arguments)
        while true {
            switch sqlite3_step(sqliteStatement) {
            case SQLITE_ROW: try body(sqliteStatement)
            case SQLITE_DONE: return
            case let code:
                let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement)))
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql, arguments: arguments)
            }
        }
    }
}

extension Statement {
    /// Whether the statement with `arguments` selects any row.
    func hasRow(arguments: StatementArguments) throws -> Bool {
        var found = false
        try forEachRawRow(arguments: arguments) { _ in found = true }
        return found
    }
}
