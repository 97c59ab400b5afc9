import PostgresNIO

/// How a PostgreSQL error reads in Quire's terms.
enum PostgresFailure {
    /// True when the error means the server can't be reached or is restarting, or a statement
    /// ran past its time limit or met a deadlock (so a request should get a 503 and a later one
    /// may succeed), not that a statement was wrong.
    static func isOutage(_ error: any Error) -> Bool {
        if isConnectionFailure(error) { return true }
        if let error = error as? PostgresTransactionError {
            return [error.beginError, error.closureError, error.commitError, error.rollbackError].contains { $0.map(isOutage) ?? false }
        }
        // 57014, 55P03, 25P03: a statement, a lock wait or a transaction ran past the time limit;
        // 40P01, 40001: a deadlock or a serialization failure, gone on a retry; 53100, 53200,
        // 53300: the server's disk or memory full, or no connection slot left; 25006: the server
        // is read-only (a standby, or default_transaction_read_only).
        return sqlState(of: error).map { ["57014", "55P03", "25P03", "40P01", "40001", "53100", "53200", "53300", "25006"].contains($0) } ?? false
    }

    /// True when the error means PostgreSQL can't be reached at all (no connection, a connection
    /// lost, the server shutting down or starting): the calls that follow would meet it too.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        // The pool's own errors (no connection could be made, the pool is shut down) come from a
        // module postgres-nio does not export, so they are known by their type's name.
        if String(describing: type(of: error)) == "ConnectionPoolError" { return true }
        if let error = error as? PostgresTransactionError {
            return [error.beginError, error.closureError, error.commitError, error.rollbackError].contains { $0.map(isConnectionFailure) ?? false }
        }
        guard let error = error as? PSQLError else { return false }
        if error.code == .server, let state = error.serverInfo?[.sqlState] {
            // Class 08: connection exception; 57P01-57P03: the server is shutting down or starting.
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        }
        return [.connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection, .queryCancelled, .sslUnsupported]
            .contains(error.code)
    }

    /// The SQLSTATE of a server error, such as "23505" for a unique violation.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static let uniqueViolation = "23505"
    static let lockNotAvailable = "55P03"
}

extension PostgresFailure {
    /// The server's own message for a statement's error, else the error's description.
    static func message(of error: any Error) -> String {
        guard let error = error as? PSQLError, let message = error.serverInfo?[.message] else { return "\(error)" }
        return message
    }
}
