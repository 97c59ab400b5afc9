import Hummingbird
import QuireCore

extension KeysetCursor {
    /// A `cursor` query value, or a 400 problem when it is not one this server handed out.
    static func parse(_ text: String) throws -> KeysetCursor {
        guard let cursor = KeysetCursor(encoded: text) else {
            throw Problem(.badRequest, "cursor is not one this server handed out; use next_cursor from a previous answer.")
        }
        return cursor
    }
}
