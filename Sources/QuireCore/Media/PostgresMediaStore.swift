import Foundation
import NIOCore
import PostgresNIO

/// The media of a PostgreSQL database: files are `bytea`, read and written as byte buffers.
public struct PostgresMediaStore: MediaStore {
    let database: PostgresDatabase
    public let rules: MediaRules
    public let processor: ImageProcessor

    public init(database: PostgresDatabase, rules: MediaRules, processor: ImageProcessor) {
        self.database = database
        self.rules = rules
        self.processor = processor
    }

    public func insert(hash: String, images: [ProcessedImage], alt: String, ownerID: Int64?, now: Date) async throws -> Int64? {
        guard let full = images.first else { return nil }
        // Large files take longer than a page's reads: the time limit of an upload's write.
        return try await database.transaction(timeout: .seconds(60)) { connection in
            // And the server's own limit on each statement, which the connection sets to a page's.
            try await connection.execute("SET LOCAL statement_timeout = '60s'")
            guard let id = try await connection.rows("""
                INSERT INTO media (hash, type, width, height, alt, bytes, owner_id, created_at)
                VALUES (\(hash), \(full.format.rawValue), \(full.width), \(full.height), \(alt), \(full.bytes.count), \(ownerID), \(now))
                ON CONFLICT (hash) DO NOTHING RETURNING id
                """).first?.decode(Int64.self)
            else { return nil }
            for image in images {
                try await connection.execute("""
                    INSERT INTO media_file (name, media_id, width, height, type, data)
                    VALUES (\(MediaSize.name(hash: hash, width: image.width, format: image.format)), \(id), \(image.width), \(image.height),
                            \(image.format.rawValue), \(ByteBuffer(bytes: image.bytes)))
                    """)
            }
            return id
        }
    }

    public func media(id: Int64) async throws -> Media? {
        try await media(rows: database.rows("SELECT \(unescaped: Self.columns) FROM media WHERE id = \(id)")).first
    }

    public func media(hash: String) async throws -> Media? {
        try await media(rows: database.rows("SELECT \(unescaped: Self.columns) FROM media WHERE hash = \(hash)")).first
    }

    public func media(hashes: Set<String>) async throws -> [String: Media] {
        guard !hashes.isEmpty else { return [:] }
        let found = try await media(rows: database.rows("SELECT \(unescaped: Self.columns) FROM media WHERE hash = ANY (\(Array(hashes)))"))
        return Dictionary(found.map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func page(after cursor: KeysetCursor?, limit: Int, ownerID: Int64?) async throws -> KeysetPage<Media> {
        let found = try await media(rows: database.rows("""
            SELECT \(unescaped: Self.columns) FROM media
            WHERE (\(ownerID)::bigint IS NULL OR owner_id = \(ownerID))
              AND \(after: cursor, date: "created_at", id: "id")
            ORDER BY created_at DESC, id DESC LIMIT \(limit + 1)
            """))
        return try KeysetPage.read(limit: limit) { _ in found } cursor: { PostgresTimestamp.cursor(date: $0.createdAt, id: $0.id) }
    }

    public func replaceAlt(id: Int64, alt: String) async throws {
        guard try await !database.rows("UPDATE media SET alt = \(alt) WHERE id = \(id) RETURNING id").isEmpty else { throw StoreError.notFound }
    }

    public func delete(id: Int64) async throws {
        guard try await !database.rows("DELETE FROM media WHERE id = \(id) RETURNING id").isEmpty else { throw StoreError.notFound }
    }

    public func file(named name: String) async throws -> MediaFile? {
        guard let row = try await database.rows("SELECT type, data FROM media_file WHERE name = \(name)").first else { return nil }
        let (type, data) = try row.decode((String, ByteBuffer).self)
        guard let format = ImageFormat(rawValue: type) else { return nil }
        return MediaFile(format: format, bytes: Array(buffer: data))
    }

    static let columns = "id, hash, type, width, height, alt, bytes, owner_id, created_at"

    /// The media of these rows, newest first as read, each with its sizes (widest first).
    private func media(rows: [PostgresRow]) async throws -> [Media] {
        guard !rows.isEmpty else { return [] }
        let media = try rows.map { row in
            let (id, hash, type, width, height, alt, bytes, ownerID, createdAt) = try row.decode((Int64, String, String, Int, Int, String, Int, Int64?, Date).self)
            return Media(
                id: id, hash: hash, format: ImageFormat(rawValue: type) ?? .jpeg, width: width, height: height,
                alt: alt, bytes: bytes, ownerID: ownerID, createdAt: createdAt, sizes: []
            )
        }
        var sizes: [Int64: [MediaSize]] = [:]
        for row in try await database.rows("""
            SELECT media_id, name, width, height, type FROM media_file WHERE media_id = ANY (\(media.map(\.id))) ORDER BY width DESC, type
            """) {
            let (mediaID, name, width, height, type) = try row.decode((Int64, String, Int, Int, String).self)
            guard let format = ImageFormat(rawValue: type) else { continue }
            sizes[mediaID, default: []].append(MediaSize(width: width, height: height, format: format, name: name))
        }
        return media.map { item in
            var item = item
            item.sizes = sizes[item.id] ?? []
            return item
        }
    }
}
