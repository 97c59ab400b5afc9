import Foundation
import GRDB

/// The media of a SQLite database.
public struct SQLiteMediaStore: MediaStore {
    public let database: AppDatabase
    public let rules: MediaRules
    public let processor: ImageProcessor

    public init(database: AppDatabase, rules: MediaRules, processor: ImageProcessor) {
        self.database = database
        self.rules = rules
        self.processor = processor
    }

    public func insert(hash: String, images: [ProcessedImage], alt: String, ownerID: Int64?, now: Date) async throws -> Int64? {
        guard let full = images.first else { return nil }
        do {
            return try await database.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO media (hash, type, width, height, alt, bytes, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [hash, full.format.rawValue, full.width, full.height, alt, full.bytes.count, ownerID, now]
                )
                let id = db.lastInsertedRowID
                for image in images {
                    try db.execute(
                        sql: "INSERT INTO media_file (name, media_id, width, height, type, data) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [MediaSize.name(hash: hash, width: image.width, format: image.format), id, image.width, image.height, image.format.rawValue, Data(image.bytes)]
                    )
                }
                return id
            }
        } catch let error as DatabaseError where error.isUniqueViolation(of: "media.hash") {
            return nil
        }
    }

    public func media(id: Int64) async throws -> Media? {
        try await database.reader.read { db in try Self.media(where: "id = \(id)", db).first }
    }

    public func media(hash: String) async throws -> Media? {
        try await database.reader.read { db in try Self.media(where: "hash = \(hash)", db).first }
    }

    public func media(hashes: Set<String>) async throws -> [String: Media] {
        guard !hashes.isEmpty else { return [:] }
        return try await database.reader.read { db in
            let found = try Self.media(where: "hash IN \(Array(hashes))", db)
            return Dictionary(found.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func page(after cursor: KeysetCursor?, limit: Int, ownerID: Int64?) async throws -> KeysetPage<Media> {
        try await database.reader.read { db in
            var condition: SQL = ownerID.map { "owner_id = \($0)" } ?? "1"
            if let cursor { condition += " AND \(cursor.precedingRowsSQL(date: "created_at", id: "id"))" }
            return try KeysetPage.read(limit: limit) { rows in
                try Self.media(where: condition, limit: rows, db)
            } cursor: { KeysetCursor(date: $0.createdAt, id: $0.id) }
        }
    }

    public func replaceAlt(id: Int64, alt: String) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE media SET alt = ? WHERE id = ?", arguments: [alt, id])
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
    }

    public func delete(id: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM media WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
    }

    public func file(named name: String) async throws -> MediaFile? {
        try await database.reader.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT type, data FROM media_file WHERE name = ?", arguments: [name]),
                  let format = ImageFormat(rawValue: row["type"])
            else { return nil }
            let data: Data = row["data"]
            return MediaFile(format: format, bytes: Array(data))
        }
    }

    private static func media(where condition: SQL, limit: Int? = nil, _ db: Database) throws -> [Media] {
        var sql: SQL = "SELECT * FROM media WHERE \(condition) ORDER BY created_at DESC, id DESC"
        if let limit { sql += " LIMIT \(limit)" }
        let rows = try SQLRequest<Row>(literal: sql).fetchAll(db)
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { $0["id"] as Int64 }
        let sizeRows = try SQLRequest<Row>(literal: "SELECT media_id, name, width, height, type FROM media_file WHERE media_id IN \(ids) ORDER BY width DESC, type").fetchAll(db)
        var sizes: [Int64: [MediaSize]] = [:]
        for row in sizeRows {
            guard let format = ImageFormat(rawValue: row["type"]) else { continue }
            sizes[row["media_id"], default: []].append(MediaSize(width: row["width"], height: row["height"], format: format, name: row["name"]))
        }
        return rows.map { Media(row: $0, sizes: sizes[$0["id"]] ?? []) }
    }
}
