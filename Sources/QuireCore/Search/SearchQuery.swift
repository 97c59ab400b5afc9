import Foundation

/// A reader's search text turned into a safe FTS5 query: every term quoted, all required.
///
/// Nothing the reader types can reach FTS5's query syntax: operators, quotes, stars and column
/// filters become plain terms or separators, so any input gives results or none, never an error.
public struct SearchQuery: Sendable, Equatable {
    /// The most terms a query keeps; the rest of a very long query is ignored.
    public static let maxTerms = 16

    public let terms: [String]

    /// nil when the text holds no searchable term (empty, punctuation only).
    public init?(_ text: String) {
        let all = Terms.all(in: String(text.prefix(1000)))
        let meaningful = all.filter { !Terms.stopWords.contains($0) }
        let terms = Array((meaningful.isEmpty ? all : meaningful).prefix(Self.maxTerms))
        guard !terms.isEmpty else { return nil }
        self.terms = terms
    }

    /// The FTS5 MATCH expression: `"term1" "term2"…`, each quoted with `"` doubled inside.
    public var matchExpression: String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
    }
}
