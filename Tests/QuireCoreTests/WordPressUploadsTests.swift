import Foundation
import GRDB
import Testing

@testable import QuireCore

/// `quire import-wordpress --uploads DIR`: the images posts show, from a copy of `wp-content/uploads`.
@Suite struct WordPressUploadsTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-uploads-\(UUID().uuidString)")
        let month = folder.appendingPathComponent("2024/05")
        try FileManager.default.createDirectory(at: month, withIntermediateDirectories: true)
        // The original, and a smaller size WordPress made of it (another file with other bytes).
        try Data(MediaFixtures.bytes("photo-exif.jpg")).write(to: month.appendingPathComponent("harbour.jpg"))
        try Data(MediaFixtures.bytes("graphic.png")).write(to: month.appendingPathComponent("harbour-300x225.jpg"))
        try Data(MediaFixtures.bytes("graphic.png")).write(to: month.appendingPathComponent("chart-scaled.png"))
        try Data("not an image".utf8).write(to: month.appendingPathComponent("notes.png"))
    }

    static func export(content: String) -> String {
        WordPressImportTests.export
            .replacingOccurrences(of: "https://old.example/wp-content/uploads/harbour.jpg", with: "https://old.example/wp-content/uploads/2024/05/harbour.jpg")
            .replacingOccurrences(of: "<![CDATA[A page.]]>", with: "<![CDATA[\(content)]]>")
    }

    @Test func imagesBecomeMediaOnceAndEveryAddressOfThemIsQuiresAfterwards() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.inMemory()
        let media = SQLiteMediaStore(database: database, rules: MediaRules(maxBytes: 20_000_000, maxPixels: 50_000_000, widths: [16]), processor: try ImageProcessor(concurrentImages: 1))
        let content = """
            <img class="aligncenter size-medium wp-image-10" src="https://old.example/wp-content/uploads/2024/05/harbour-300x225.jpg" alt="Boats &amp; sails" width="300" height="225" srcset="https://old.example/wp-content/uploads/2024/05/harbour-300x225.jpg 300w, https://www.old.example/wp-content/uploads/2024/05/harbour.jpg 640w" sizes="(max-width: 300px) 100vw, 300px" />
            <a href="/wp-content/uploads/2024/05/harbour.jpg">Full size</a>
            <img src="https://old.example/wp-content/uploads/2024/05/chart.png" alt="">
            <img src="https://old.example/wp-content/uploads/2023/01/gone.jpg" alt="Lost">
            <img src="https://old.example/wp-content/uploads/2024/05/notes.png" alt="Notes">
            <img src="https://elsewhere.example/wp-content/uploads/2024/05/harbour.jpg" alt="Someone else's">
            """
        let importer = WordPressImporter(database: database, defaultAuthor: "Ann")
        let report = try await importer.importExport(Data(Self.export(content: content).utf8), uploads: .init(folder: folder, media: media), now: Date())
        #expect(report.imagesImported == 2, "harbour.jpg (and its sizes) and chart-scaled.png")
        #expect(report.missingImages == ["2023/01/gone.jpg"])
        #expect(report.refusedImages.map(\.path) == ["2024/05/notes.png"])
        #expect(report.lines.contains("missing image: 2023/01/gone.jpg (not in the uploads folder; its address is left as it was)"))

        let harbour = try #require(try await media.page(after: nil, limit: 10).items.first { $0.format == .jpeg })
        #expect(harbour.width == 48 && harbour.height == 64, "the original file, not the 300 × 225 size")
        let chart = try #require(try await media.page(after: nil, limit: 10).items.first { $0.format == .png })
        let posts = SQLitePostStore(database: database, defaultAuthor: "Ann")
        let page = try #require(try await posts.post(slug: "about")).post
        #expect(page.bodyMarkdown.contains(#"<img src="\#(harbour.url)" alt="Boats &amp; sails">"#))
        #expect(page.bodyMarkdown.contains(#"<a href="\#(harbour.url)">Full size</a>"#))
        #expect(page.bodyMarkdown.contains(#"<img src="\#(chart.url)" alt="">"#))
        #expect(page.bodyMarkdown.contains("https://old.example/wp-content/uploads/2023/01/gone.jpg"))
        #expect(page.bodyMarkdown.contains("https://elsewhere.example/wp-content/uploads/2024/05/harbour.jpg"))
        #expect(!page.bodyMarkdown.contains("srcset"))
        let post = try #require(try await posts.post(slug: "sailing-and-rowing")).post
        #expect(post.featuredImage?.url == harbour.url)

        // Again: the same media, nothing added twice.
        let again = try await importer.importExport(Data(Self.export(content: content).utf8), uploads: .init(folder: folder, media: media), now: Date())
        #expect(again.imagesImported == 2 && again.pagesAlreadyImported == 1)
        #expect(try await media.page(after: nil, limit: 10).items.count == 2)
    }

    @Test func sizesAndScaledCopiesLeadToTheirOriginal() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let uploads = WordPressUploads(folder: folder, siteURL: "https://old.example")
        #expect(uploads.originalFile(for: "2024/05/harbour-300x225.jpg") == "2024/05/harbour.jpg")
        #expect(uploads.originalFile(for: "2024/05/harbour-scaled.jpg") == "2024/05/harbour.jpg")
        #expect(uploads.originalFile(for: "2024/05/chart-1024x768.png") == "2024/05/chart-scaled.png")
        #expect(uploads.originalFile(for: "2024/05/other.jpg") == nil)
        #expect(uploads.uploadPath(of: "https://old.example/wp-content/uploads/../../etc/passwd.jpg") == nil)
        #expect(uploads.uploadPath(of: "https://old.example/wp-content/uploads/2024/05/caf%C3%A9.jpg?w=300") == "2024/05/café.jpg")
        #expect(uploads.uploadPath(of: "https://old.example/wp-content/uploads/2024/05/report.pdf") == nil)
    }
}
