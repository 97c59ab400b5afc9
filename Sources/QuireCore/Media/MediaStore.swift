import Crypto
import Foundation
import GRDB

/// Uploaded images: checked, processed into their sizes, and kept with their files in the
/// database (docs/media.md).
public struct MediaStore: Sendable {
    public let database: AppDatabase
    public let rules: MediaRules
    let processor: ImageProcessor

    /// The longest alt text taken.
    public static let maxAltLength = 1_000

    public init(database: AppDatabase, rules: MediaRules, processor: ImageProcessor) {
        self.database = database
        self.rules = rules
        self.processor = processor
    }

    /// Takes an upload. The same bytes uploaded again give the media already made of them
    /// (`isNew` false), unchanged, when the uploader may see it (`seesAll`: an admin, a token, an
    /// import; otherwise only the owner's own); an author who uploads bytes that are another
    /// user's media gets a copy of their own. Throws `MediaRefusal` for a file that is not a
    /// usable image and `StoreError.invalid` for bad alt text; nothing is stored then.
    public func add(bytes: [UInt8], alt: String, ownerID: Int64?, seesAll: Bool = true, now: Date) async throws -> (media: Media, isNew: Bool) {
        let alt = try Self.checkedAlt(alt)
        let header = try rules.header(of: bytes)
        var contentHash = Self.hash(bytes)
        if let existing = try await media(hash: contentHash) {
            if seesAll || existing.ownerID == ownerID { return (existing, false) }
            // Named by the bytes and the owner: the same for this author's next upload of them.
            contentHash = Self.hash(bytes + Array("owner:\(ownerID ?? 0)".utf8))
            if let own = try await media(hash: contentHash) { return (own, false) }
        }
        let hash = contentHash
        let images: [ProcessedImage]
        do {
            images = try await processor.sizes(of: bytes, header: header, widths: rules.widths)
        } catch ImageProcessor.Failure.undecodable(let reason) {
            throw MediaRefusal.undecodable(reason)
        }
        guard let full = images.first else { throw MediaRefusal.undecodable("no image came out of it") }
        do {
            let id = try await database.writer.write { db in
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
            guard let media = try await media(id: id) else { throw StoreError.notFound }
            return (media, true)
        } catch let error as DatabaseError where error.isUniqueViolation(of: "media.hash") {
            // The same bytes, uploaded at the same moment by someone else.
            guard let existing = try await media(hash: hash) else { throw error }
            return (existing, false)
        }
    }

    public func media(id: Int64) async throws -> Media? {
        try await database.reader.read { db in try Self.media(where: "id = \(id)", db).first }
    }

    public func media(hash: String) async throws -> Media? {
        try await database.reader.read { db in try Self.media(where: "hash = \(hash)", db).first }
    }

    /// The media whose files are named with these hashes, by hash: what a page needs to give
    /// its images their sizes.
    public func media(hashes: Set<String>) async throws -> [String: Media] {
        guard !hashes.isEmpty else { return [:] }
        return try await database.reader.read { db in
            let found = try Self.media(where: "hash IN \(Array(hashes))", db)
            return Dictionary(found.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Newest first, keyset paged; only `ownerID`'s when given.
    public func page(after cursor: KeysetCursor?, limit: Int, ownerID: Int64? = nil) async throws -> KeysetPage<Media> {
        try await database.reader.read { db in
            var condition: SQL = ownerID.map { "owner_id = \($0)" } ?? "1"
            if let cursor { condition += " AND \(cursor.precedingRowsSQL(date: "created_at", id: "id"))" }
            return try KeysetPage.read(limit: limit) { rows in
                try Self.media(where: condition, limit: rows, db)
            } cursor: { KeysetCursor(date: $0.createdAt, id: $0.id) }
        }
    }

    /// Changes a media's alt text.
    public func setAlt(id: Int64, alt: String) async throws -> Media {
        let alt = try Self.checkedAlt(alt)
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE media SET alt = ? WHERE id = ?", arguments: [alt, id])
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
        guard let media = try await media(id: id) else { throw StoreError.notFound }
        return media
    }

    /// Deletes a media and all its files; pages that show it show its alt text from then on.
    public func delete(id: Int64) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM media WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound }
        }
    }

    /// One file as served at `/media/{name}`.
    public func file(named name: String) async throws -> MediaFile? {
        try await database.reader.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT type, data FROM media_file WHERE name = ?", arguments: [name]),
                  let format = ImageFormat(rawValue: row["type"])
            else { return nil }
            let data: Data = row["data"]
            return MediaFile(format: format, bytes: Array(data))
        }
    }

    /// The first 32 hex digits of the SHA-256 of `bytes`: what a media's files are named by.
    static func hash(_ bytes: [UInt8]) -> String {
        String(Data(SHA256.hash(data: bytes)).hexString.prefix(32))
    }

    static func checkedAlt(_ alt: String) throws -> String {
        let alt = alt.trimmingCharacters(in: .whitespacesAndNewlines)
        guard alt.count <= maxAltLength, !alt.containsControlCharacters(allowingLineBreaks: false) else {
            throw StoreError.invalid(field: "alt", message: "must be at most \(maxAltLength) characters on one line")
        }
        return alt
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
