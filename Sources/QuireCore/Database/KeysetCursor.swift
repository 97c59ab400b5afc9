import Foundation
import GRDB

/// Where a newest-first listing stopped: the last row's date and id, opaque to clients.
public struct KeysetCursor: Sendable, Equatable {
    /// The date exactly as stored, so comparisons in SQL never suffer a rounding.
    public var date: String
    public var id: Int64

    public init(date: String, id: Int64) {
        self.date = date
        self.id = id
    }

    /// The cursor as handed to clients: URL-safe base64 without padding.
    public var encoded: String {
        Data("\(date)|\(id)".utf8).base64URLEncoded
    }

    /// Decodes a cursor from a client; nil for anything Quire did not hand out.
    public init?(encoded: String) {
        guard encoded.count <= 100 else { return nil }
        guard let data = Data(base64URLEncoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.isStoredDate(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        self.init(date: String(parts[0]), id: id)
    }

    /// The cursor for a row with this stored date and id.
    public init?(date: Date?, id: Int64?) {
        guard let id, let date, case .string(let stored) = date.databaseValue.storage else { return nil }
        self.init(date: stored, id: id)
    }

    /// The cursor's date as a date, for PostgreSQL (SQLite compares the stored text itself).
    var dateValue: Date? {
        Date.fromDatabaseValue(date.databaseValue)
    }

    /// Whether text has the shape of a stored date, `YYYY-MM-DD HH:MM:SS.SSS`.
    private static func isStoredDate(_ text: Substring) -> Bool {
        let shape = Array("0000-00-00 00:00:00.000")
        let characters = Array(text)
        guard characters.count == shape.count else { return false }
        return zip(characters, shape).allSatisfy { character, expected in
            expected == "0" ? character.isASCII && character.isNumber : character == expected
        }
    }
}
