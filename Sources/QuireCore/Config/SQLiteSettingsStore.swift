import GRDB

/// The settings of a SQLite database.
public struct SQLiteSettingsStore: SettingsStore {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func savedText() async throws -> String? {
        try await database.reader.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM site_setting WHERE key = 'settings'")
        }
    }

    public func replaceSavedText(_ text: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO site_setting (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [text])
        }
    }

    public func kept(_ name: String, orKeep make: @Sendable () throws -> String) async throws -> String {
        if let kept = try await database.reader.read({ db in try String.fetchOne(db, sql: "SELECT value FROM site_setting WHERE key = ?", arguments: [name]) }) {
            return kept
        }
        let made = try make()
        return try await database.writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO site_setting (key, value) VALUES (?, ?)", arguments: [name, made])
            return try String.fetchOne(db, sql: "SELECT value FROM site_setting WHERE key = ?", arguments: [name]) ?? made
        }
    }
}
