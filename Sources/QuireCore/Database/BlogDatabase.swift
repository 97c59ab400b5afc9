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

    public var users: any UserStore {
        switch self {
        case .sqlite(let database): SQLiteUserStore(database: database)
        case .postgres(let database): PostgresUserStore(database: database)
        }
    }

    public var sessions: any SessionStore {
        switch self {
        case .sqlite(let database): SQLiteSessionStore(database: database)
        case .postgres(let database): PostgresSessionStore(database: database)
        }
    }

    public var signInFailures: any SignInFailureStore {
        switch self {
        case .sqlite(let database): SQLiteSignInFailureStore(database: database)
        case .postgres(let database): PostgresSignInFailureStore(database: database)
        }
    }

    /// The posts and pages; `defaultAuthor` is named on posts that name none.
    public func posts(defaultAuthor: String) -> any PostStore {
        switch self {
        case .sqlite(let database): SQLitePostStore(database: database, defaultAuthor: defaultAuthor)
        case .postgres(let database): PostgresPostStore(database: database, defaultAuthor: defaultAuthor)
        }
    }

    /// The comments, under these rules.
    public func comments(settings: QuireConfig.Comments) -> any CommentStore {
        switch self {
        case .sqlite(let database): SQLiteCommentStore(database: database, settings: settings)
        case .postgres(let database): PostgresCommentStore(database: database, settings: settings)
        }
    }

    /// The uploaded images, checked by `rules` and made by `processor`.
    public func media(rules: MediaRules, processor: ImageProcessor) -> any MediaStore {
        switch self {
        case .sqlite(let database): SQLiteMediaStore(database: database, rules: rules, processor: processor)
        case .postgres(let database): PostgresMediaStore(database: database, rules: rules, processor: processor)
        }
    }

    public var pageViews: any PageViewStore {
        switch self {
        case .sqlite(let database): SQLitePageViewStore(database: database)
        case .postgres(let database): PostgresPageViewStore(database: database)
        }
    }

    public var search: any PostSearch {
        switch self {
        case .sqlite(let database): SQLitePostSearch(database: database)
        case .postgres(let database): PostgresPostSearch(database: database)
        }
    }

    /// Where related lists are ranked.
    public var related: any RelatedPostsStore {
        switch self {
        case .sqlite(let database): SQLiteRelatedPostsStore(database: database)
        case .postgres(let database): PostgresRelatedPostsStore(database: database)
        }
    }

    /// Followers, remote actors, blocked domains and the delivery queue.
    public var federation: any FederationStore {
        switch self {
        case .sqlite(let database): SQLiteFederationStore(database: database)
        case .postgres(let database): PostgresFederationStore(database: database)
        }
    }

    /// Webmentions received and to send.
    public var webmentions: any WebmentionStore {
        switch self {
        case .sqlite(let database): SQLiteWebmentionStore(database: database)
        case .postgres(let database): PostgresWebmentionStore(database: database)
        }
    }
}
