import Foundation
import QuireTestSupport
@testable import QuireCore
import Testing

@Suite struct MediaStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let rules = MediaRules(maxBytes: 20 * 1_048_576, maxPixels: 50_000_000, widths: [16, 32, 480])

    func store(rules: MediaRules = Self.rules) throws -> any MediaStore {
        SQLiteMediaStore(database: try AppDatabase.inMemory(), rules: rules, processor: try ImageProcessor(concurrentImages: 2))
    }

    /// A store on a fresh database of the engine, and that database.
    func withStore(_ engine: DatabaseEngine, _ body: @Sendable (any MediaStore, BlogDatabase) async throws -> Void) async throws {
        let processor = try ImageProcessor(concurrentImages: 2)
        try await TestDatabases.with(engine) { database in try await body(database.media(rules: Self.rules, processor: processor), database) }
    }

    func files(_ media: Media, in store: any MediaStore) async throws -> [(MediaSize, [UInt8])] {
        var files: [(MediaSize, [UInt8])] = []
        for size in media.sizes {
            let file = try #require(try await store.file(named: size.name))
            #expect(file.format == size.format)
            files.append((size, file.bytes))
        }
        return files
    }

    @Test(arguments: TestPostgres.engines)
    func aPhotoIsTurnedUprightStrippedAndMadeInEachNarrowerWidthInItsFormatAndWebP(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        let (media, isNew) = try await store.add(bytes: try MediaFixtures.bytes("photo-exif.jpg"), alt: "A gradient", ownerID: nil, now: now)
        #expect(isNew)
        // Stored 64 × 48 with orientation 6: upright it is 48 wide and 64 high.
        #expect(media.format == .jpeg && media.width == 48 && media.height == 64)
        #expect(media.url == "/media/\(media.hash)-48.jpg")
        #expect(media.sizes.map(\.width) == [48, 48, 32, 32, 16, 16])
        #expect(Set(media.sizes.map(\.format)) == [.jpeg, .webp])
        for (size, bytes) in try await files(media, in: store) {
            let header = try ImageHeader(reading: bytes)
            #expect(header.format == size.format && header.width == size.width && header.height == size.height)
            #expect(abs(size.height * 3 - size.width * 4) <= 3, "\(size.name) keeps the aspect ratio")
            #expect(bytes.firstRange(of: Array("QuireTestCamera".utf8)) == nil, "the camera's name is gone")
            #expect(bytes.firstRange(of: Array("Exif".utf8)) == nil, "no EXIF block is left")
        }
        #expect(media.bytes == (try await store.file(named: "\(media.hash)-48.jpg"))?.bytes.count)
    } }

    @Test(arguments: TestPostgres.engines)
    func theSameBytesTwiceAreOneMedia(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        let bytes = try MediaFixtures.bytes("graphic.png")
        let first = try await store.add(bytes: bytes, alt: "", ownerID: nil, now: now)
        let second = try await store.add(bytes: bytes, alt: "other", ownerID: nil, now: now)
        #expect(!second.isNew && second.media == first.media)
        #expect(try await store.page(after: nil, limit: 10).items.count == 1)
        for (_, bytes) in try await files(first.media, in: store) {
            #expect(bytes.firstRange(of: Array("QuireSecretComment".utf8)) == nil)
        }
    } }

    @Test(arguments: TestPostgres.engines)
    func aWebPStaysWebPAndAnAnimatedGIFKeepsItsFrames(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        let webp = try await store.add(bytes: try MediaFixtures.bytes("photo.webp"), alt: "", ownerID: nil, now: now).media
        #expect(webp.sizes.map(\.format) == [.webp, .webp] && webp.sizes.map(\.width) == [32, 16])
        let gif = try await store.add(bytes: try MediaFixtures.bytes("animated.gif"), alt: "", ownerID: nil, now: now).media
        #expect(gif.format == .gif && gif.width == 20 && gif.height == 10)
        for (size, bytes) in try await files(gif, in: store) {
            let header = try ImageHeader(reading: bytes)
            #expect(header.frames == 3, "\(size.name) keeps the three frames")
        }
    } }

    @Test(arguments: TestPostgres.engines)
    func aGIFOf500FramesIsTakenWithinThePixelLimitAndRefusedPastIt(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        let small = try await store.add(bytes: MediaFixtures.gif(width: 4, height: 4, frames: 500), alt: "", ownerID: nil, now: now).media
        let file = try #require(try await store.file(named: small.url.replacingOccurrences(of: "/media/", with: "")))
        #expect(try ImageHeader(reading: file.bytes).frames == 500)
        await #expect(throws: MediaRefusal.tooManyPixels(ImageHeader(format: .gif, width: 400, height: 300, frames: 500), maxPixels: 50_000_000)) {
            try await store.add(bytes: MediaFixtures.gif(width: 400, height: 300, frames: 500), alt: "", ownerID: nil, now: now)
        }
        #expect(try await store.page(after: nil, limit: 10).items.count == 1)
    } }

    @Test(arguments: [
        ("an SVG named .png", Array(#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#.utf8), MediaRefusal.unsupportedType),
        ("a zero-byte file", [], MediaRefusal.unsupportedType),
        ("a PDF", Array("%PDF-1.7\n".utf8), MediaRefusal.unsupportedType),
        ("a PNG claiming 100,000 × 100,000 pixels", MediaFixtures.pngHeader(width: 100_000, height: 100_000),
         MediaRefusal.tooManyPixels(ImageHeader(format: .png, width: 100_000, height: 100_000, frames: 1), maxPixels: 50_000_000)),
    ] as [(String, [UInt8], MediaRefusal)])
    func badFilesAreRefusedAndNothingIsStored(_ name: String, bytes: [UInt8], expected: MediaRefusal) async throws {
        let store = try store()
        await #expect(throws: expected, "\(name)") {
            try await store.add(bytes: bytes, alt: "", ownerID: nil, now: now)
        }
        let stored = try await store.page(after: nil, limit: 10).items
        #expect(stored.isEmpty)
    }

    @Test(arguments: TestPostgres.engines)
    func aFileOverTheSizeLimitIsRefusedBeforeItsHeaderIsRead(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        await #expect(throws: MediaRefusal.tooLarge(maxBytes: 20 * 1_048_576)) {
            try await store.add(bytes: [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: 30 * 1_048_576), alt: "", ownerID: nil, now: now)
        }
        let stored = try await store.page(after: nil, limit: 10).items
        #expect(stored.isEmpty)
    } }

    @Test func aGIFFrameLargerThanItsScreenCountsAtItsOwnSize() async throws {
        // A 1 × 1 screen whose one frame says it is 65535 × 65535: decoders grow the image to it.
        var bytes = Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]
        bytes += [0x2C, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]
        #expect(try ImageHeader(reading: bytes) == ImageHeader(format: .gif, width: 65535, height: 65535, frames: 1))
        await #expect(throws: MediaRefusal.tooManyPixels(ImageHeader(format: .gif, width: 65535, height: 65535, frames: 1), maxPixels: 50_000_000)) {
            try await store().add(bytes: bytes, alt: "", ownerID: nil, now: now)
        }
        #expect(ImageHeader(format: .webp, width: 1 << 24, height: 1 << 24, frames: 1 << 16).pixelCount == Int.max, "a count past Int is the most, not a wrapped one")
    }

    @Test(arguments: TestPostgres.engines)
    func anAuthorUploadingAnotherUsersImageGetsACopyOfTheirOwn(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        let users = database.users
        let ann = try #require(try await users.create(email: "ann@example.com", name: "Ann", role: .author, now: now).id)
        let bo = try #require(try await users.create(email: "bo@example.com", name: "Bo", role: .author, now: now).id)
        let bytes = try MediaFixtures.bytes("graphic.png")
        let first = try await store.add(bytes: bytes, alt: "Ann's", ownerID: ann, seesAll: false, now: now).media
        let second = try await store.add(bytes: bytes, alt: "Mine", ownerID: bo, seesAll: false, now: now)
        #expect(second.isNew && second.media.ownerID == bo && second.media.alt == "Mine" && second.media.hash != first.hash)
        #expect(try await store.add(bytes: bytes, alt: "", ownerID: bo, seesAll: false, now: now).media == second.media)
        #expect(try await store.add(bytes: bytes, alt: "", ownerID: nil, seesAll: true, now: now).media == first, "an admin or a token gets the first")
    } }

    @Test(arguments: TestPostgres.engines)
    func aTruncatedJPEGIsRefusedAsUndecodable(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        let photo = try MediaFixtures.bytes("photo-exif.jpg")
        do {
            _ = try await store.add(bytes: Array(photo.prefix(photo.count * 2 / 3)), alt: "", ownerID: nil, now: now)
            Issue.record("a truncated JPEG was taken")
        } catch MediaRefusal.undecodable(let reason) {
            #expect(!reason.isEmpty)
        }
        let stored = try await store.page(after: nil, limit: 10).items
        #expect(stored.isEmpty)
    } }

    @Test func headersOfEveryFormatAreReadWithoutDecoding() throws {
        #expect(try ImageHeader(reading: MediaFixtures.bytes("photo-exif.jpg")) == ImageHeader(format: .jpeg, width: 64, height: 48, frames: 1))
        #expect(try ImageHeader(reading: MediaFixtures.bytes("graphic.png")) == ImageHeader(format: .png, width: 40, height: 30, frames: 1))
        #expect(try ImageHeader(reading: MediaFixtures.bytes("photo.webp")) == ImageHeader(format: .webp, width: 32, height: 24, frames: 1))
        #expect(try ImageHeader(reading: MediaFixtures.bytes("animated.gif")) == ImageHeader(format: .gif, width: 20, height: 10, frames: 3))
        #expect(throws: ImageHeader.Problem.self) { try ImageHeader(reading: Array(MediaFixtures.gif(width: 4, height: 4, frames: 2).dropLast(3))) }
    }

    @Test(arguments: TestPostgres.engines)
    func altTextIsCheckedAndChanged(engine: DatabaseEngine) async throws { try await withStore(engine) { store, database in
        await #expect(throws: StoreError.invalid(field: "alt", message: "must be at most 1000 characters on one line")) {
            try await store.add(bytes: try MediaFixtures.bytes("graphic.png"), alt: "two\nlines", ownerID: nil, now: now)
        }
        let media = try await store.add(bytes: try MediaFixtures.bytes("graphic.png"), alt: "Green", ownerID: nil, now: now).media
        #expect(try await store.setAlt(id: media.id, alt: " A green square ").alt == "A green square")
        try await store.delete(id: media.id)
        #expect(try await store.file(named: media.sizes[0].name) == nil)
        await #expect(throws: StoreError.notFound) { try await store.delete(id: media.id) }
    } }

    @Test func fileNamesAreReadBack() {
        let hash = String(repeating: "ab", count: 16)
        #expect(Media.parts(ofFileName: "\(hash)-960.webp")?.width == 960)
        #expect(Media.parts(ofFileName: "\(hash.uppercased())-960.webp") == nil)
        #expect(Media.parts(ofFileName: "../\(hash)-960.webp") == nil)
        #expect(Media.parts(ofFileName: "\(hash)-960.svg") == nil)
    }
}
