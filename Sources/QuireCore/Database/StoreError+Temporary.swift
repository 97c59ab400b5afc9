import GRDB

extension StoreError {
    /// Whether `error` means the database can't serve this request just now, and the same request
    /// may succeed soon: PostgreSQL out of reach (`unavailable`); or SQLite's file busy past the
    /// busy timeout (another process holds its write lock), read-only, full (the disk) or failing
    /// to read or write. Answered 503 with `Retry-After`, never 500; nothing half-written stays,
    /// since SQLite rolls the transaction back.
    public static func isTemporary(_ error: any Error) -> Bool {
        if case StoreError.unavailable? = error as? StoreError { return true }
        guard let error = error as? DatabaseError else { return false }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN: return true
        default: return false
        }
    }
}
