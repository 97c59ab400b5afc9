/// What a SQL statement does, from its first word: the label the database's timings are kept
/// under. Read and write statements are told apart; the rest are few.
public enum QueryKind: String, Sendable, CaseIterable {
    case select, insert, update, delete
    /// `BEGIN`, `COMMIT`, `ROLLBACK`, savepoints, and on PostgreSQL a whole transaction's body.
    case transaction
    case other

    public init(sql: String) {
        let word = sql.utf8.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D || $0 == 0x28 }.prefix { $0 >= 0x41 && $0 <= 0x7A }
        switch String(decoding: word, as: UTF8.self).lowercased() {
        case "select", "with", "values": self = .select
        case "insert", "replace": self = .insert
        case "update": self = .update
        case "delete": self = .delete
        case "begin", "commit", "rollback", "savepoint", "release", "end": self = .transaction
        default: self = .other
        }
    }
}
