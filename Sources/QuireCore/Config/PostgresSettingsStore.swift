import PostgresNIO

/// The settings of a PostgreSQL database.
public struct PostgresSettingsStore: SettingsStore {
    let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func savedText() async throws -> String? {
        try await database.rows("SELECT value FROM site_setting WHERE key = 'settings'").first?.decode(String.self)
    }

    public func replaceSavedText(_ text: String) async throws {
        try await database.execute("INSERT INTO site_setting (key, value) VALUES ('settings', \(text)) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    }

    public func kept(_ name: String, orKeep make: @Sendable () throws -> String) async throws -> String {
        // Read first: an insert that changes nothing would still move the change counter (its
        // trigger is per statement) and empty every process's page cache at each start.
        if let kept = try await database.rows("SELECT value FROM site_setting WHERE key = \(name)").first {
            return try kept.decode(String.self)
        }
        let made = try make()
        try await database.execute("INSERT INTO site_setting (key, value) VALUES (\(name), \(made)) ON CONFLICT (key) DO NOTHING")
        // A statement of its own: it sees the row of a process whose insert won the race.
        return try await database.rows("SELECT value FROM site_setting WHERE key = \(name)").first?.decode(String.self) ?? made
    }
}
