import Crypto
import Foundation

/// Uploaded images: checked, processed into their sizes, and kept with their files in the
/// database (docs/media.md). The checks and the processing are the extension's, the same on
/// every engine; an implementation keeps what they made.
public protocol MediaStore: Sendable {
    var rules: MediaRules { get }
    var processor: ImageProcessor { get }

    /// Stores a media and its files (the full size first) in one transaction and answers its id,
    /// or nil when a media with this hash exists already.
    func insert(hash: String, images: [ProcessedImage], alt: String, ownerID: Int64?, now: Date) async throws -> Int64?
    func media(id: Int64) async throws -> Media?
    func media(hash: String) async throws -> Media?
    /// The media whose files are named with these hashes, by hash: what a page needs to give
    /// its images their sizes.
    func media(hashes: Set<String>) async throws -> [String: Media]
    /// Newest first, keyset paged; only `ownerID`'s when given.
    func page(after cursor: KeysetCursor?, limit: Int, ownerID: Int64?) async throws -> KeysetPage<Media>
    /// Replaces a media's alt text, already checked (`setAlt`).
    func replaceAlt(id: Int64, alt: String) async throws
    /// Deletes a media and all its files; pages that show it show its alt text from then on.
    func delete(id: Int64) async throws
    /// One file as served at `/media/{name}`.
    func file(named name: String) async throws -> MediaFile?
}

extension MediaStore {
    /// Takes an upload. The same bytes uploaded again give the media already made of them
    /// (`isNew` false), unchanged, when the uploader may see it (`seesAll`: an admin, a token, an
    /// import; otherwise only the owner's own); an author who uploads bytes that are another
    /// user's media gets a copy of their own. Throws `MediaRefusal` for a file that is not a
    /// usable image and `StoreError.invalid` for bad alt text; nothing is stored then.
    public func add(bytes: [UInt8], alt: String, ownerID: Int64?, seesAll: Bool = true, now: Date) async throws -> (media: Media, isNew: Bool) {
        let alt = try Media.checkedAlt(alt)
        let header = try rules.header(of: bytes)
        var contentHash = Media.hash(bytes)
        if let existing = try await media(hash: contentHash) {
            if seesAll || existing.ownerID == ownerID { return (existing, false) }
            // Named by the bytes and the owner: the same for this author's next upload of them.
            contentHash = Media.hash(bytes + Array("owner:\(ownerID ?? 0)".utf8))
            if let own = try await media(hash: contentHash) { return (own, false) }
        }
        let hash = contentHash
        let images: [ProcessedImage]
        do {
            images = try await processor.sizes(of: bytes, header: header, widths: rules.widths)
        } catch ImageProcessor.Failure.undecodable(let reason) {
            throw MediaRefusal.undecodable(reason)
        }
        guard !images.isEmpty else { throw MediaRefusal.undecodable("no image came out of it") }
        guard let id = try await insert(hash: hash, images: images, alt: alt, ownerID: ownerID, now: now) else {
            // The same bytes, uploaded at the same moment by someone else.
            guard let existing = try await media(hash: hash) else { throw StoreError.notFound }
            return (existing, false)
        }
        guard let media = try await media(id: id) else { throw StoreError.notFound }
        return (media, true)
    }

    /// Newest first, keyset paged: everyone's.
    public func page(after cursor: KeysetCursor?, limit: Int) async throws -> KeysetPage<Media> {
        try await page(after: cursor, limit: limit, ownerID: nil)
    }

    /// Changes a media's alt text.
    public func setAlt(id: Int64, alt: String) async throws -> Media {
        try await replaceAlt(id: id, alt: Media.checkedAlt(alt))
        guard let media = try await media(id: id) else { throw StoreError.notFound }
        return media
    }
}

extension Media {
    /// The longest alt text taken.
    public static let maxAltLength = 1_000

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
}
