import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

@Suite struct AdminMediaTests {
    static func mediaCount(_ site: TestSite) async throws -> Int {
        try await (site.blog.integer("SELECT COUNT(*) FROM media") ?? 0)
    }

    @Test(arguments: TestPostgres.engines)
    func anImageIsUploadedListedGivenAltTextAndDeleted(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let browser = try await AdminBrowser.signIn(client, site: site)
                let uploaded = try await browser.upload("/admin/media", form: "/admin/media", [("alt", "A green square")], files: [("file", "square.png", try MultipartBody.fixture("graphic.png"))])
                #expect(uploaded.status == .seeOther)
                let page = try await browser.get(uploaded.headers[.location] ?? "").text
                #expect(page.contains("Image uploaded."))
                #expect(page.contains(#"alt="A green square""#))
                #expect(page.contains(#"value="![A green square](/media/"#), "the image's Markdown, ready to copy")
                let again = try await browser.upload("/admin/media", form: "/admin/media", [("alt", "Other words")], files: [("file", "copy.png", try MultipartBody.fixture("graphic.png"))])
                #expect(try await browser.get(again.headers[.location] ?? "").text.contains("That image is already in the library"))
                let id = try #require(try await site.blog.integer("SELECT id FROM media").map(Int64.init))
                var editing = browser
                let saved = try await editing.submit("/admin/media/\(id)", form: "/admin/media", [("alt", "Green")])
                #expect(saved.status == .seeOther)
                #expect(try await browser.get("/admin/media").text.contains(#"alt="Green""#))
                var deleting = browser
                #expect(try await deleting.submit("/admin/media/\(id)/delete", form: "/admin/media", []).status == .seeOther)
                #expect(try await Self.mediaCount(site) == 0)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aRefusedFileIsExplainedBesideTheFieldWithTheAltTextKept(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let browser = try await AdminBrowser.signIn(client, site: site)
                let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8)
                let response = try await browser.upload("/admin/media", form: "/admin/media", [("alt", "My drawing")], files: [("file", "drawing.png", svg)])
                #expect(response.status == .unsupportedMediaType)
                #expect(response.text.contains(#"<span id="file-error" class="field-error">The file is not a JPEG, PNG, WebP or GIF image"#))
                #expect(response.text.contains(#"value="My drawing""#))
                let missing = try await browser.upload("/admin/media", form: "/admin/media", [("alt", "x")], files: [])
                #expect(missing.status == .unprocessableContent && missing.text.contains("Choose an image file"))
            }
            #expect(try await Self.mediaCount(site) == 0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func anUploadWithoutItsTokenIsRefusedAndNothingIsStored(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let browser = try await AdminBrowser.signIn(client, site: site)
                var body = MultipartBody()
                body.file("file", filename: "a.png", try MultipartBody.fixture("graphic.png"))
                let headers: HTTPFields = [.contentType: MultipartBody.contentType, .origin: AdminBrowser.origin, .cookie: "quire_session=\(browser.cookie ?? "")"]
                let response = try await client.execute(uri: "/admin/media", method: .post, headers: headers, body: body.buffer)
                #expect(response.status == .forbidden)
            }
            #expect(try await Self.mediaCount(site) == 0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func anAuthorSeesAndChangesOnlyTheirOwnImages(engine: DatabaseEngine) async throws {
        let site = try TestSite()
        try await site.on(engine) { site in
            try await site.test { client in
                let admin = try await AdminBrowser.signIn(client, site: site)
                _ = try await admin.upload("/admin/media", form: "/admin/media", [("alt", "The admin's")], files: [("file", "a.png", try MultipartBody.fixture("graphic.png"))])
                var author = try await AdminBrowser.signIn(client, site: site, email: "bo@example.com", name: "Bo", role: .author)
                #expect(!(try await author.get("/admin/media").text.contains("The admin's")))
                let id = try #require(try await site.blog.integer("SELECT id FROM media").map(Int64.init))
                #expect(try await author.submit("/admin/media/\(id)/delete", form: "/admin/media", []).status == .notFound)
            }
            #expect(try await Self.mediaCount(site) == 1)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theEditorUploadsAFeaturedImageAndAddsABodyImage(engine: DatabaseEngine) async throws {
        let site = try TestSite { $0.media.widths = [16] }
        try await site.on(engine) { site in
            try await site.test { client in
                let browser = try await AdminBrowser.signIn(client, site: site)
                let response = try await browser.upload(
                    "/admin/posts", form: "/admin/posts/new",
                    [("title", "With pictures"), ("body_markdown", "Words."), ("featured_image_alt", "Featured"), ("body_image_alt", "In the text"), ("action", "publish")],
                    files: [("featured_image_file", "f.jpg", try MultipartBody.fixture("photo-exif.jpg")), ("body_image_file", "b.png", try MultipartBody.fixture("graphic.png"))]
                )
                #expect(response.status == .seeOther)
                let post = try #require(try await site.store.publicPost(slug: "with-pictures", now: site.clock.now))
                let featured = try #require(post.post.featuredImage)
                #expect(featured.url.hasPrefix("/media/") && featured.url.hasSuffix("-48.jpg") && featured.alt == "Featured")
                #expect(post.post.bodyMarkdown.hasPrefix("Words.\n\n![In the text](/media/") && post.post.bodyMarkdown.hasSuffix("-40.png)\n"))
                let page = try await client.execute(uri: "/posts/with-pictures", method: .get).text
                #expect(page.contains(#"width="48" height="64" alt="Featured" fetchpriority="high">"#))
                #expect(page.contains(#"width="40" height="30" alt="In the text" loading="lazy""#))

                let editor = try await browser.get("/admin/posts/new").text
                #expect(editor.contains(#"enctype="multipart/form-data""#) && editor.contains(#"class="insert-image" data-markdown="![In the text](/media/"#))

                let refused = try await browser.upload(
                    "/admin/posts", form: "/admin/posts/new", [("title", "Kept title"), ("body_markdown", "Kept body"), ("action", "save")],
                    files: [("featured_image_file", "x.gif", Array("GIF89a".utf8))]
                )
                #expect(refused.status == .unprocessableContent)
                #expect(refused.text.contains(#"<span id="featured_image_file-error" class="field-error">The image could not be read"#))
                #expect(refused.text.contains(#"value="Kept title""#) && refused.text.contains("Kept body</textarea>"))
            }
            #expect(try await Self.mediaCount(site) == 2)
        }
    }
}
