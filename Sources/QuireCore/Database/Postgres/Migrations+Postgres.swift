import PostgresNIO

extension Migrations {
    /// Applies every migration a PostgreSQL database lacks, as `apply(to:)` does on SQLite: in
    /// order, each in its own transaction with its name recorded in `quire_migration`, refusing a
    /// database that a newer Quire migrated. An advisory lock makes processes that start together
    /// take turns, so each migration runs once.
    public func apply(to database: PostgresDatabase, announceUpgrade: @escaping @Sendable ([String]) -> Void = { _ in }) async throws {
        let files = self.files
        let known = Set(files.map(\.name))
        try await database.withConnection(timeout: .seconds(3600)) { connection in
            let logger = database.logger
            // A migration may rewrite a large table, and a process may wait for another's: no
            // time limit on this connection while it migrates.
            try await connection.run("SET statement_timeout = 0", logger: logger)
            try await connection.run("SET lock_timeout = 0", logger: logger)
            try await connection.run("SELECT pg_advisory_lock(\(Self.advisoryLock))", logger: logger)
            do {
                try await connection.run("""
                    CREATE TABLE IF NOT EXISTS quire_migration (
                        identifier text PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT identifier FROM quire_migration", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
                let unknown = applied.subtracting(known)
                guard unknown.isEmpty else { throw MigrationError.databaseIsNewer(unknownMigrations: unknown.sorted()) }
                let pending = files.filter { !applied.contains($0.name) }
                if !applied.isEmpty && !pending.isEmpty { announceUpgrade(pending.map(\.name)) }
                for file in pending {
                    try await Self.apply(file, on: connection, logger: logger)
                }
                try await connection.run("SELECT pg_advisory_unlock(\(Self.advisoryLock))", logger: logger)
                try await connection.run("RESET statement_timeout", logger: logger)
                try await connection.run("RESET lock_timeout", logger: logger)
            } catch {
                try? await connection.run("SELECT pg_advisory_unlock(\(Self.advisoryLock))", logger: logger)
                try? await connection.run("RESET statement_timeout", logger: logger)
                try? await connection.run("RESET lock_timeout", logger: logger)
                throw error
            }
        }
    }

    /// The names of the migrations that have been applied to a PostgreSQL database.
    public func applied(in database: PostgresDatabase) async throws -> [String] {
        try await database.rows("SELECT identifier FROM quire_migration ORDER BY identifier").map { try $0.decode(String.self) }
    }

    private static func apply(_ file: File, on connection: PostgresConnection, logger: Logger) async throws {
        do {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in SQLStatements.split(file.sql) {
                    try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.run("INSERT INTO quire_migration (identifier) VALUES (\(file.name))", logger: logger)
            }
        } catch let error as PostgresTransactionError {
            let cause = error.closureError ?? error.commitError ?? error.beginError ?? error
            if PostgresFailure.isOutage(cause) { throw cause }
            throw MigrationError.failed(file: file.name + ".sql", reason: PostgresFailure.message(of: cause))
        }
    }

    /// The key of the advisory lock that migrating processes take turns on ("quire" in ASCII).
    private static let advisoryLock: Int64 = 0x7175_6972_65
}
