import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import QuireCore
import QuireTestSupport
@testable import QuireWeb
import Testing

@Suite struct MediaAPITests {
    func withAuthor(_ site: TestSite, _ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void) async throws {
        let token = try await site.blog.tokens.create(name: "t", now: Date())
        try await site.test { client in try await body(client, "Bearer \(token)") }
    }

    func upload(_ client: any TestClientProtocol, _ token: String, filename: String, _ bytes: [UInt8], alt: String = "") async throws -> TestResponse {
        var form = MultipartBody()
        form.field("alt", alt)
        form.file("file", filename: filename, bytes)
        return try await client.execute(
            uri: "/api/media", method: .post,
            headers: [.authorization: token, .contentType: MultipartBody.contentType], body: form.buffer
        )
    }

    @Test(arguments: TestPostgres.engines)
    func anUploadIsStoredInItsSizesAndServedForAYear(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.media.widths = [16, 32] }
        try await site.on(engine) { site in
            try await withAuthor(site) { client, token in
                let response = try await upload(client, token, filename: "me.jpg", try MultipartBody.fixture("photo-exif.jpg"), alt: "A gradient")
                #expect(response.status == .created)
                let media = try #require(try response.json()["media"] as? [String: Any])
                #expect(Set(media.keys) == ["id", "url", "width", "height", "alt", "type", "bytes", "created_at", "sizes"])
                let id = try #require(media["id"] as? Int)
                #expect(response.headers[.location] == "/api/media/\(id)")
                #expect(media["width"] as? Int == 48 && media["height"] as? Int == 64 && media["alt"] as? String == "A gradient")
                #expect(media["type"] as? String == "image/jpeg")
                let url = try #require(media["url"] as? String)
                #expect(url.hasPrefix("https://blog.example/media/") && url.hasSuffix("-48.jpg"))
                let sizes = try #require(media["sizes"] as? [[String: Any]])
                // Wider than every width of media.widths: the full size in its own format only.
                #expect(sizes.map { $0["width"] as? Int } == [48, 32, 32, 16, 16])
                #expect(Set(sizes.compactMap { $0["type"] as? String }) == ["image/jpeg", "image/webp"])

                let path = url.replacingOccurrences(of: "https://blog.example", with: "")
                let file = try await client.execute(uri: path, method: .get)
                #expect(file.status == .ok)
                #expect(file.headers[.contentType] == "image/jpeg")
                #expect(file.headers[.cacheControl] == "public, max-age=31536000, immutable")
                #expect(file.body.readableBytes == media["bytes"] as? Int)
                let again = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: file.headers[.eTag] ?? ""])
                #expect(again.status == .notModified)

                let list = try await client.execute(uri: "/api/media", method: .get, headers: [.authorization: token])
                #expect((try list.json()["media"] as? [[String: Any]])?.count == 1)
                #expect(try list.json().keys.contains("next_cursor"))

                let same = try await upload(client, token, filename: "copy.jpg", try MultipartBody.fixture("photo-exif.jpg"))
                #expect(same.status == .ok, "the same bytes again are the same media")

                #expect(try await client.execute(uri: "/api/media/\(id)", method: .delete, headers: [.authorization: token]).status == .noContent)
                #expect(try await client.execute(uri: path, method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/api/media/\(id)", method: .delete, headers: [.authorization: token]).status == .notFound)
            }
        }
    }

    @Test(arguments: [
        ("svg-named.png", "svg", HTTPResponse.Status.unsupportedMediaType),
        ("empty.jpg", "empty", .unsupportedMediaType),
        ("huge.png", "bomb", .unprocessableContent),
        ("cut.jpg", "truncated", .unprocessableContent),
        ("frames.gif", "manyFrames", .unprocessableContent),
    ])
    func badFilesGetTheirStatusAndNothingIsStored(filename: String, kind: String, status: HTTPResponse.Status) async throws {
        let photo = try MultipartBody.fixture("photo-exif.jpg")
        let bytes: [UInt8] = switch kind {
        case "svg": Array(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8)
        case "empty": []
        case "bomb": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 6, 0, 0, 0]
        case "truncated": Array(photo.prefix(photo.count * 2 / 3))
        default: Self.gif(width: 400, height: 300, frames: 500)
        }
        let site = try TestSite()
        try await withAuthor(site) { client, token in
            let response = try await upload(client, token, filename: filename, bytes)
            #expect(response.status == status)
            #expect(response.headers[.contentType] == "application/problem+json")
            let errors = try #require(try response.json()["errors"] as? [String: String])
            #expect(errors["file"]?.isEmpty == false)
        }
        #expect(try await site.blog.integer("SELECT COUNT(*) FROM media") == 0)
    }

    @Test(arguments: TestPostgres.engines)
    func a30MBFileIs413AndNothingIsStored(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await withAuthor(site) { client, token in
                let response = try await upload(client, token, filename: "big.jpg", [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 7, count: 30 * 1_048_576))
                #expect(response.status == .contentTooLarge)
                #expect(try response.json()["detail"] as? String == MediaRefusal.tooLarge(maxBytes: 20 * 1_048_576).description)
            }
            #expect(try await site.blog.integer("SELECT COUNT(*) FROM media") == 0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func uploadsNeedATokenAndAFile(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await withAuthor(site) { client, token in
                var form = MultipartBody()
                form.file("file", filename: "a.png", try MultipartBody.fixture("graphic.png"))
                let anonymous = try await client.execute(uri: "/api/media", method: .post, headers: [.contentType: MultipartBody.contentType], body: form.buffer)
                #expect(anonymous.status == .unauthorized)
                var noFile = MultipartBody()
                noFile.field("alt", "x")
                let missing = try await client.execute(uri: "/api/media", method: .post, headers: [.authorization: token, .contentType: MultipartBody.contentType], body: noFile.buffer)
                #expect(missing.status == .unprocessableContent)
                #expect(try await client.execute(uri: "/api/media", method: .get).status == .unauthorized)
                let json = try await client.execute(uri: "/api/media", method: .post, headers: [.authorization: token, .contentType: "application/json"], body: ByteBuffer(string: "{}"))
                #expect(json.status == .unsupportedMediaType)
            }
        }
    }

    /// A GIF of one-pixel frames on a `width` × `height` screen.
    static func gif(width: UInt16, height: UInt16, frames: Int) -> [UInt8] {
        var bytes = Array("GIF89a".utf8) + [UInt8(width & 0xFF), UInt8(width >> 8), UInt8(height & 0xFF), UInt8(height >> 8), 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]
        for _ in 0..<frames { bytes += [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00] }
        return bytes + [0x3B]
    }
}

@Suite struct MediaOnPagesTests {
    @Test(arguments: TestPostgres.engines)
    func pagesGiveMediaImagesTheirSizesAndFeedsTheFullSize(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.media.widths = [16, 32] }
        try await site.on(engine) { site in
            let token = try await site.blog.tokens.create(name: "t", now: Date())
            try await site.test { client in
                var form = MultipartBody()
                form.file("file", filename: "p.jpg", try MultipartBody.fixture("photo-exif.jpg"))
                let uploaded = try await client.execute(uri: "/api/media", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: MultipartBody.contentType], body: form.buffer)
                let media = try #require(try uploaded.json()["media"] as? [String: Any])
                let url = try #require(media["url"] as? String).replacingOccurrences(of: "https://blog.example", with: "")
                let hash = String(url.dropFirst("/media/".count).prefix(32))
                try await site.add(PostDraft(
                    title: "Pictured", bodyMarkdown: "Before.\n\n![A gradient](\(url))\n\nAfter.\n\n![Absolute](https://blog.example\(url))", status: .published, publishedAt: daysAgo(1),
                    featuredImage: FeaturedImage(url: url, alt: "Featured gradient", caption: "A caption")
                ))
                let webp = "/media/\(hash)-16.webp 16w, /media/\(hash)-32.webp 32w"
                let jpeg = "/media/\(hash)-16.jpg 16w, /media/\(hash)-32.jpg 32w, /media/\(hash)-48.jpg 48w"
                let sizes = ResponsiveImagesSizes.value
                let page = try await client.execute(uri: "/posts/pictured", method: .get).text
                #expect(page.contains(#"<figure class="featured-image">"#))
                #expect(page.contains(#"<picture><source type="image/webp" srcset="\#(webp)" sizes="\#(sizes)"><img src="\#(url)" srcset="\#(jpeg)" sizes="\#(sizes)" width="48" height="64" alt="Featured gradient" fetchpriority="high"></picture>"#))
                #expect(page.contains(#"</p><picture><source type="image/webp" srcset="\#(webp)" sizes="\#(sizes)"><img src="\#(url)" srcset="\#(jpeg)" sizes="\#(sizes)" width="48" height="64" alt="A gradient" loading="lazy" decoding="async"></picture><p>After.</p>"#))
                #expect(page.contains(#"<img src="https://blog.example\#(url)" srcset="\#(jpeg)" sizes="\#(sizes)" width="48" height="64" alt="Absolute" loading="lazy" decoding="async">"#), "an absolute address under base_url is media too")
                let front = try await client.execute(uri: "/", method: .get).text
                #expect(front.contains(#"srcset="\#(webp)""#) && front.contains(#"width="48" height="64" alt="Featured gradient""#))
                let feed = try await client.execute(uri: "/feed.xml", method: .get).text
                #expect(feed.contains("https://blog.example\(url)") && !feed.contains("srcset"))
            }
        }
    }
}

/// The `sizes` the built-in theme gives its images.
enum ResponsiveImagesSizes {
    static let value = "(max-width: 42rem) 100vw, 42rem"
}

@Suite struct ResponsiveImagesTests {
    @Test func anImageTagThatNeverEndsIsLeftAsItIsAndNothingIsRepeated() {
        let hash = String(repeating: "ab", count: 16)
        let media = Media(id: 1, hash: hash, format: .png, width: 40, height: 30, alt: "", bytes: 10, ownerID: nil, createdAt: Date(), sizes: [
            MediaSize(width: 40, height: 30, format: .png, name: "\(hash)-40.png"),
        ])
        let images = ResponsiveImages(media: [hash: media], baseURL: "https://blog.example")
        let html = #"<p>Before <img src="/media/\#(hash)-40.png" alt="Cut"#
        #expect(images.body(html) == html)
    }
}
