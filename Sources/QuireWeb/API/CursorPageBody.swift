/// A keyset-paged list answer: `{"<items key>": [...], "next_cursor": "…" or null}`.
struct CursorPageBody<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The name of the list's key, such as `posts` or `comments`.
    var itemsKey: String
    var items: [Item]
    var nextCursor: String?

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(stringValue: itemsKey))
        // null, not absent, on the last page: clients test for it.
        try container.encode(nextCursor, forKey: Key(stringValue: "next_cursor"))
    }
}
