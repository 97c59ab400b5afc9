/// A blog's database in either engine, and the stores over it. Each store is one protocol with
/// an implementation per engine (`SettingsStore`: `SQLiteSettingsStore`, `PostgresSettingsStore`);
/// this is the one place that picks the implementation, so a store missing for an engine does
/// not compile.
public enum BlogDatabase: Sendable {
    case sqlite(AppDatabase)
    case postgres(PostgresDatabase)

    public var engine: DatabaseEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    public var settings: any SettingsStore {
        switch self {
        case .sqlite(let database): SQLiteSettingsStore(database: database)
        case .postgres(let database): PostgresSettingsStore(database: database)
        }
    }

    public var tokens: any AuthorTokenStore {
        switch self {
        case .sqlite(let database): SQLiteAuthorTokenStore(database: database)
        case .postgres(let database): PostgresAuthorTokenStore(database: database)
        }
    }
}
