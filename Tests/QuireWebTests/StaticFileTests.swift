import HummingbirdTesting
import Testing

@Suite struct StaticFileTests {
    @Test func themeFilesAreServedWithTypeAndCaching() async throws {
        try await TestSite().test { client in
            let css = try await client.execute(uri: "/static/css/quire.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl]?.contains("max-age=") == true)
            #expect(css.text.contains("--accent"))
            let etag = try #require(css.headers[.eTag])

            let again = try await client.execute(uri: "/static/css/quire.css", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)

            let png = try await client.execute(uri: "/static/images/welcome.png", method: .get)
            #expect(png.status == .ok)
            #expect(png.headers[.contentType] == "image/png")
            #expect(Array(png.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        }
    }

    @Test(arguments: [
        "/static/../Package.swift",
        "/static/..%2F..%2FPackage.swift",
        "/static/%2e%2e/%2e%2e/Package.swift",
        "/static/css/../../Templates/layout.mustache",
        "/static/%252e%252e/Package.swift",
        "/static//etc/passwd",
        "/static/%2Fetc%2Fpasswd",
        "/static/css%5C..%5C..%5CPackage.swift",
        "/static/css/quire.css%00.png",
        "/static/",
        "/static/css",
    ])
    func nothingOutsideTheThemeIsServed(uri: String) async throws {
        try await TestSite().test { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .notFound || response.status == .badRequest, "\(uri) → \(response.status)")
            #expect(!response.text.contains("swift-tools-version"))
            #expect(!response.text.contains("root:"))
        }
    }
}
