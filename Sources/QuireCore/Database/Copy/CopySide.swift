/// A copied table as both sides read it: its columns, and the key that orders its rows.
struct TableLayout: Sendable {
    var table: CopiedTable
    var columns: [CopiedColumn]
    var key: [String]
    /// Where each key column sits among `columns`.
    var keyIndices: [Int]

    init(table: CopiedTable, columns: [CopiedColumn], key: [String]) throws {
        self.table = table
        self.columns = columns
        self.key = key
        keyIndices = try key.map { name in
            guard let index = columns.firstIndex(where: { $0.name == name }) else { throw CopyError.schemasDiffer(table: table.name, columns: [name]) }
            return index
        }
    }

    /// The key's columns.
    var keyColumns: [CopiedColumn] { keyIndices.map { columns[$0] } }
}

/// What the copy needs of either engine's side.
protocol CopySide: Sendable {
    func count(_ table: String) async throws -> Int
    /// Up to `limit` rows in key order, after the row whose key is `after` (from the first when nil).
    func rows(_ layout: TableLayout, after: [CopiedValue]?, limit: Int) async throws -> [[CopiedValue]]
    func insert(_ rows: [[CopiedValue]], layout: TableLayout) async throws
}

extension SQLiteCopySide: CopySide {}
extension PostgresCopySide: CopySide {}
