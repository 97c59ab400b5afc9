import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import Testing

@Suite struct CompressionTests {
    func site() async throws -> TestSite {
        let site = try TestSite()
        try await site.add(PostDraft(title: "Long post", bodyMarkdown: String(repeating: "A paragraph of words that compress well. ", count: 80)))
        return site
    }

    @Test(arguments: ["/posts/long-post", "/api/posts/long-post", "/feed.xml", "/static/css/quire.css"])
    func gzipRoundTripsForClientsThatAcceptIt(uri: String) async throws {
        try await site().test { client in
            let plain = try await client.execute(uri: uri, method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            let gzipped = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "br;q=1.0, gzip;q=0.8"])
            #expect(gzipped.status == .ok)
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            // Pages that are also ActivityStreams documents vary by Accept too.
            #expect(gzipped.headers[.vary] == (uri.hasPrefix("/posts/") || uri == "/" ? "Accept, Accept-Encoding" : "Accept-Encoding"))
            #expect(gzipped.body.readableBytes < plain.body.readableBytes)
            var body = gzipped.body
            let inflated = try body.decompress(with: .gzip())
            #expect(inflated == plain.body)
            let plainETag = try #require(plain.headers[.eTag])
            let gzipETag = try #require(gzipped.headers[.eTag])
            #expect(gzipETag != plainETag)
            let revalidated = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: gzipETag])
            #expect(revalidated.status == .notModified)
        }
    }

    @Test func imagesRefusedEncodingsAndSmallAnswersStayPlain() async throws {
        try await site().test { client in
            let png = try await client.execute(uri: "/static/images/welcome.png", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(png.headers[.contentEncoding] == nil)
            let refused = try await client.execute(uri: "/posts/long-post", method: .get, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)
            let small = try await client.execute(uri: "/healthz", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(small.headers[.contentEncoding] == nil)
            #expect(small.text == #"{"status":"ok"}"#)
        }
    }

    @Test func headIsAnsweredForPagesFeedsAndStaticFiles() async throws {
        try await site().test { client in
            for uri in ["/", "/posts/long-post", "/feed.xml", "/sitemap.xml", "/robots.txt", "/static/css/quire.css", "/api/posts"] {
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == .ok, "\(uri)")
                #expect(head.body.readableBytes == 0)
                #expect(head.headers[.eTag] != nil)
            }
        }
    }

    @Test func fingerprintedStylesheetIsImmutable() async throws {
        try await site().test { client in
            let html = try await client.execute(uri: "/", method: .get).text
            let start = try #require(html.range(of: #"<link rel="stylesheet" href=""#))
            let url = String(html[start.upperBound...].prefix { $0 != "\"" })
            #expect(url.hasPrefix("/static/css/quire.css?v="))
            let fingerprinted = try await client.execute(uri: url, method: .get)
            #expect(fingerprinted.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let stale = try await client.execute(uri: "/static/css/quire.css?v=old", method: .get)
            #expect(stale.headers[.cacheControl] == "public, max-age=3600")
        }
    }
}
