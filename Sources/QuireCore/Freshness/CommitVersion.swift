import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// A number that moves whenever a write to the database commits — through this process or any
/// other, such as `quire import` run beside the server — so what is computed from the database
/// can be kept exactly until it may have changed. Reading it costs about a microsecond.
final class CommitVersion: Sendable {
    private enum Source {
        /// A connection of its own on the database file: SQLite's `PRAGMA data_version` changes
        /// when any other connection, in any process, commits.
        case probe(DataVersionProbe)
        /// An in-memory database has one connection, so its commits are counted as they happen.
        case counter(CommitCounter)
    }

    private let source: Source

    init(database: AppDatabase) throws {
        if let path = database.filePath {
            source = .probe(try DataVersionProbe(path: path))
        } else {
            let counter = CommitCounter()
            database.writer.add(transactionObserver: counter, extent: .databaseLifetime)
            source = .counter(counter)
        }
    }

    /// The current version; it never goes down.
    func current() throws -> Int {
        switch source {
        case .probe(let probe): try probe.dataVersion()
        case .counter(let counter): counter.commits.load(ordering: .acquiring)
        }
    }
}

/// A read-only SQLite connection that only ever runs `PRAGMA data_version`, straight through
/// the C API: a GRDB queue would add a thread hop to every request.
private final class DataVersionProbe: Sendable {
    private struct Connection: @unchecked Sendable {
        let database: OpaquePointer
        let statement: OpaquePointer
    }

    private let connection: Mutex<Connection>

    init(path: String) throws {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let database else {
            sqlite3_close(database)
            throw DatabaseOpenError(path: path, reason: "can't open a connection to watch for changes")
        }
        sqlite3_busy_timeout(database, 10_000)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK, let statement else {
            sqlite3_close(database)
            throw DatabaseOpenError(path: path, reason: "can't prepare PRAGMA data_version")
        }
        connection = Mutex(Connection(database: database, statement: statement))
    }

    func dataVersion() throws -> Int {
        try connection.withLock { connection in
            defer { sqlite3_reset(connection.statement) }
            guard sqlite3_step(connection.statement) == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_errcode(connection.database)), message: "PRAGMA data_version failed")
            }
            return Int(sqlite3_column_int64(connection.statement, 0))
        }
    }

    deinit {
        connection.withLock { connection in
            sqlite3_finalize(connection.statement)
            sqlite3_close(connection.database)
        }
    }
}

/// Counts the commits that changed something.
private final class CommitCounter: TransactionObserver, Sendable {
    let commits = Atomic<Int>(0)

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { commits.add(1, ordering: .releasing) }
    func databaseDidRollback(_ db: Database) {}
}
