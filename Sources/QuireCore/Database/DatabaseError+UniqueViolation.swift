import GRDB

extension DatabaseError {
    /// Whether this is a UNIQUE constraint failure on the given `table.column`: stores insert and
    /// catch this rather than check first, so two writers can never both pass the check.
    func isUniqueViolation(of column: String) -> Bool {
        extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && (message?.contains(column) ?? false)
    }
}
