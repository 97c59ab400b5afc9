import GRDB
import QuireCore

/// A fresh, migrated database of either engine for one test: in memory for SQLite, a database of
/// its own on the test server for PostgreSQL (`TestPostgres`).
public enum TestDatabases {
    /// `metrics` is told the time of each statement.
    public static func with<Result: Sendable>(
        _ engine: DatabaseEngine, metrics: QuireMetrics = .off, _ body: @Sendable (BlogDatabase) async throws -> Result
    ) async throws -> Result {
        switch engine {
        case .sqlite:
            return try await body(.sqlite(try AppDatabase.inMemory(metrics: metrics)))
        case .postgres:
            return try await TestPostgres.withDatabase(metrics: metrics) { database in try await body(.postgres(database)) }
        }
    }
}

extension BlogDatabase {
    /// The first column of each row of a query that both engines read alike, as text: for tests
    /// that look at what was stored.
    public func strings(_ sql: String) async throws -> [String?] {
        switch self {
        case .sqlite(let database):
            try await database.reader.read { db in try String?.fetchAll(db, sql: sql) }
        case .postgres(let database):
            try await database.administer(sql)
        }
    }

    /// The one number a query answers (its first row's first column), on either engine.
    public func integer(_ sql: String) async throws -> Int? {
        try await strings("SELECT CAST((\(sql)) AS TEXT)").first.flatMap { $0.flatMap { Int($0) } }
    }
}
