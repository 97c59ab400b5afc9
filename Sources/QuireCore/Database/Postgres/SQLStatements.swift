import Foundation

/// A `.sql` file cut into its statements, for PostgreSQL, whose extended query protocol (the one
/// postgres-nio speaks) takes one statement at a time. Semicolons inside quotes, comments and
/// dollar-quoted function bodies don't end a statement.
enum SQLStatements {
    static func split(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var rest = Substring(sql)
        func take(_ count: Int) {
            current += rest.prefix(count)
            rest = rest.dropFirst(count)
        }
        func take(through terminator: String) {
            if let range = rest.range(of: terminator) {
                current += rest[..<range.upperBound]
                rest = rest[range.upperBound...]
            } else {
                current += rest
                rest = rest[rest.endIndex...]
            }
        }
        while let character = rest.first {
            switch character {
            case "-" where rest.hasPrefix("--"):
                take(through: "\n")
            case "/" where rest.hasPrefix("/*"):
                take(2)
                take(through: "*/")
            case "'", "\"":
                take(1)
                // A doubled quote inside is an escaped one: the loop takes it as a new string.
                take(through: String(character))
            case "$":
                if let tag = dollarTag(at: rest) {
                    take(tag.count)
                    take(through: tag)
                } else {
                    take(1)
                }
            case ";":
                rest = rest.dropFirst()
                appendStatement(current, to: &statements)
                current = ""
            default:
                take(1)
            }
        }
        appendStatement(current, to: &statements)
        return statements
    }

    /// `$$` or `$name$` at the start of `text`, or nil for a parameter such as `$1`.
    private static func dollarTag(at text: Substring) -> String? {
        let body = text.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard body.first?.isNumber != true, text.dropFirst(body.count + 1).first == "$" else { return nil }
        return "$\(body)$"
    }

    /// Keeps a statement unless it holds only blanks and comments.
    private static func appendStatement(_ text: String, to statements: inout [String]) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let withoutComments = trimmed.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
        if !withoutComments.isEmpty { statements.append(trimmed) }
    }
}
