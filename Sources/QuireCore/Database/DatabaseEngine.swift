/// The two engines a blog's data can live in.
public enum DatabaseEngine: String, Sendable, CaseIterable {
    /// One file, nothing to run: the default.
    case sqlite
    /// A server that many `quire serve` processes share (`database.url`).
    case postgres
}
