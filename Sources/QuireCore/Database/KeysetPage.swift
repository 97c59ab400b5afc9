import GRDB

/// One page of a newest-first listing, and the cursor for the next one (nil on the last page).
public struct KeysetPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: KeysetCursor?

    /// Reads a page: `fetch` is asked for one row more than `limit`, so a following page is known
    /// without counting; that extra row is dropped and the cursor made from the last row kept.
    static func read(limit: Int, fetch: (_ rows: Int) throws -> [Item], cursor: (Item) -> KeysetCursor?) throws -> KeysetPage {
        var items = try fetch(limit + 1)
        guard items.count > limit else { return KeysetPage(items: items, next: nil) }
        items.removeLast()
        return KeysetPage(items: items, next: items.last.flatMap(cursor))
    }
}

extension KeysetCursor {
    /// SQL that is true for rows after this cursor in newest-first order, by their date and id columns.
    func precedingRowsSQL(date dateColumn: String, id idColumn: String) -> SQL {
        "(\(sql: dateColumn), \(sql: idColumn)) < (\(date), \(id))"
    }
}
