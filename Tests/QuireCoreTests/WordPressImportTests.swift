import Foundation
import QuireTestSupport
import Synchronization
import Testing

@testable import QuireCore

/// `quire import-wordpress`: a WXR export written here, as WordPress writes one, imported on
/// each engine.
@Suite struct WordPressImportTests {
    /// A fresh blog of the engine, its importer and its posts.
    struct Blog {
        let database: BlogDatabase
        let importer: WordPressImporter
        let posts: any PostStore

        func importExport(_ text: String = WordPressImportTests.export) async throws -> WordPressImportReport {
            try await importer.importExport(Data(text.utf8), now: Date())
        }
    }

    func with(_ engine: DatabaseEngine, _ body: @Sendable (Blog) async throws -> Void) async throws {
        try await TestDatabases.with(engine) { database in
            try await body(Blog(
                database: database, importer: WordPressImporter(blog: database, defaultAuthor: "Site Owner"),
                posts: database.posts(defaultAuthor: "Site Owner")
            ))
        }
    }

    static func item(_ id: Int, type: String = "post", status: String = "publish", title: String, slug: String, dateGMT: String = "2024-03-05 09:30:00", content: String = "", excerpt: String = "", extra: String = "") -> String {
        """
        <item>
          <title><![CDATA[\(title)]]></title>
          <link>https://old.example/?p=\(id)</link>
          <dc:creator><![CDATA[ann]]></dc:creator>
          <content:encoded><![CDATA[\(content)]]></content:encoded>
          <excerpt:encoded><![CDATA[\(excerpt)]]></excerpt:encoded>
          <wp:post_id>\(id)</wp:post_id>
          <wp:post_date><![CDATA[2024-03-05 10:30:00]]></wp:post_date>
          <wp:post_date_gmt><![CDATA[\(dateGMT)]]></wp:post_date_gmt>
          <wp:comment_status><![CDATA[open]]></wp:comment_status>
          <wp:post_name><![CDATA[\(slug)]]></wp:post_name>
          <wp:status><![CDATA[\(status)]]></wp:status>
          <wp:post_type><![CDATA[\(type)]]></wp:post_type>
          \(extra)
        </item>
        """
    }

    static func comment(_ id: Int, parent: Int = 0, author: String, email: String = "reader@example.com", approved: String = "1", type: String = "comment", date: String = "2024-03-06 08:00:00", content: String) -> String {
        """
        <wp:comment>
          <wp:comment_id>\(id)</wp:comment_id>
          <wp:comment_author><![CDATA[\(author)]]></wp:comment_author>
          <wp:comment_author_email><![CDATA[\(email)]]></wp:comment_author_email>
          <wp:comment_author_url>https://\(author.lowercased()).example</wp:comment_author_url>
          <wp:comment_author_IP><![CDATA[192.0.2.1]]></wp:comment_author_IP>
          <wp:comment_date><![CDATA[\(date)]]></wp:comment_date>
          <wp:comment_date_gmt><![CDATA[\(date)]]></wp:comment_date_gmt>
          <wp:comment_content><![CDATA[\(content)]]></wp:comment_content>
          <wp:comment_approved><![CDATA[\(approved)]]></wp:comment_approved>
          <wp:comment_type><![CDATA[\(type)]]></wp:comment_type>
          <wp:comment_parent>\(parent)</wp:comment_parent>
          <wp:comment_user_id>0</wp:comment_user_id>
        </wp:comment>
        """
    }

    static let export: String = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <rss version="2.0"
            xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
            xmlns:content="http://purl.org/rss/1.0/modules/content/"
            xmlns:wfw="http://wellformedweb.org/CommentAPI/"
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
          <title>Old Blog</title>
          <link>https://old.example</link>
          <wp:wxr_version>1.2</wp:wxr_version>
          <wp:base_site_url>https://old.example</wp:base_site_url>
          <wp:base_blog_url>https://old.example</wp:base_blog_url>
          <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ann]]></wp:author_login><wp:author_email><![CDATA[ann@old.example]]></wp:author_email><wp:author_display_name><![CDATA[Ann Writer]]></wp:author_display_name></wp:author>
          <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
          \(item(10, type: "attachment", status: "inherit", title: "harbour", slug: "harbour", excerpt: "The harbour at dawn", extra: """
              <wp:attachment_url><![CDATA[https://old.example/wp-content/uploads/harbour.jpg]]></wp:attachment_url>
              <wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[Boats in a harbour]]></wp:meta_value></wp:postmeta>
              """))
          \(item(1, title: "Sailing &amp; rowing", slug: "sailing-and-rowing", content: """
              First paragraph with <em>emphasis</em>.
              A second line.

              [caption id="attachment_10" align="alignnone" width="300"]<img src="https://old.example/wp-content/uploads/harbour.jpg" alt="Boats" /> Boats at rest[/caption]

              [gallery ids="10,11"]

              <pre>let a = 1

              let b = 2</pre>
              """, extra: """
              <category domain="category" nicename="news"><![CDATA[News]]></category>
              <category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
              <category domain="post_tag" nicename="boats"><![CDATA[Boats]]></category>
              <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[10]]></wp:meta_value></wp:postmeta>
              \(comment(101, author: "Bob", content: "Lovely boats."))
              \(comment(103, parent: 102, author: "Dee", date: "2024-03-06 10:00:00", content: "See <a href=\"https://dee.example/post\">my post</a>.<br />Thanks!"))
              \(comment(102, parent: 101, author: "Cy", date: "2024-03-06 09:00:00", content: "Agreed &amp; more."))
              \(comment(104, author: "Eve", approved: "0", content: "Held for moderation."))
              \(comment(105, author: "Spammer", approved: "spam", content: "Buy things"))
              \(comment(106, author: "Other Blog", type: "pingback", content: "[…] linked here […]"))
              \(comment(107, parent: 106, author: "Fay", email: "", date: "2024-03-07 08:00:00", content: "Reply to a pingback."))
              """))
          \(item(2, status: "draft", title: "Half written", slug: "", dateGMT: "0000-00-00 00:00:00", content: "Not yet."))
          \(item(3, status: "future", title: "Coming soon", slug: "coming-soon", dateGMT: "2099-01-01 08:00:00", content: "Later."))
          \(item(4, type: "page", title: "About", slug: "about", content: "A page."))
          \(item(5, status: "auto-draft", title: "Auto Draft", slug: "", content: ""))
          \(item(6, type: "nav_menu_item", title: "", slug: "6", content: ""))
        </channel>
        </rss>
        """

    @Test(arguments: TestPostgres.engines)
    func importsPostsDraftsScheduledPostsAndPages(engine: DatabaseEngine) async throws {
        try await with(engine) { blog in
            let posts = blog.posts
            let report = try await blog.importExport()
            #expect(report.publishedPosts == 1)
            #expect(report.draftPosts == 1)
            #expect(report.scheduledPosts == 1)
            #expect(report.publishedPages == 1)
            #expect(report.otherItemsSkipped == 3)  // the attachment, the auto-draft, the menu item
            #expect(try await posts.count() == 4)
            let page = try #require(try await posts.post(slug: "about"))
            #expect(page.post.kind == .page && page.post.bodyHTML == "<p>A page.</p>")
            #expect(try await posts.publicPage(slug: "about", now: Date())?.title == "About")

            let post = try #require(try await posts.post(slug: "sailing-and-rowing"))
            #expect(post.post.title == "Sailing & rowing")
            #expect(post.post.status == .published)
            #expect(post.post.publishedAt == WXRExport.date("2024-03-05 09:30:00"))
            #expect(post.post.authorName == "Ann Writer")
            #expect(post.tags.map(\.name) == ["Boats", "News"])
            #expect(post.post.featuredImage == FeaturedImage(url: "https://old.example/wp-content/uploads/harbour.jpg", alt: "Boats in a harbour", caption: "The harbour at dawn"))
            #expect(post.post.bodyFormat == .html)

            let scheduled = try #require(try await posts.post(slug: "coming-soon"))
            #expect(scheduled.post.status == .scheduled)
            #expect(try await posts.publicPost(slug: "coming-soon", now: Date()) == nil)
            let draft = try #require(try await posts.post(slug: "half-written"))
            #expect(draft.post.status == .draft)
            #expect(draft.post.publishedAt == nil)
            // Its WordPress addresses are kept, to redirect to it.
            let addresses = try await blog.database.strings("SELECT address FROM old_address WHERE post_id = \(post.post.id ?? 0) ORDER BY address")
            #expect(addresses.contains(OldAddress.postKey(1)), "\(addresses)")
        }
    }

    @Test func htmlBodiesAreKeptWithParagraphsAndUnknownShortcodesStayVisible() async throws {
        try await with(.sqlite) { blog in
            _ = try await blog.importExport()
            let html = try #require(try await blog.posts.post(slug: "sailing-and-rowing")).post.bodyHTML
            #expect(html.contains("<p>First paragraph with <em>emphasis</em>.<br>\nA second line.</p>"))
            #expect(html.contains(#"<figure class="wp-caption"><img src="https://old.example/wp-content/uploads/harbour.jpg" alt="Boats" /><figcaption>Boats at rest</figcaption></figure>"#))
            #expect(html.contains(#"<p>[gallery ids="10,11"]</p>"#))
            #expect(html.contains("<pre>let a = 1\n\nlet b = 2</pre>"))
            let excerpt = try #require(try await blog.posts.post(slug: "sailing-and-rowing")).post.excerpt
            #expect(excerpt == "First paragraph with emphasis. A second line.")
        }
    }

    @Test(arguments: TestPostgres.engines)
    func commentsKeepThreadingAuthorsDatesAndStatus(engine: DatabaseEngine) async throws {
        try await with(engine) { blog in
            let report = try await blog.importExport()
            #expect(report.commentsByStatus == [.approved: 4, .pending: 1, .spam: 1])
            #expect(report.commentsSkipped == 1)  // the pingback
            // name|id|parent id|depth|status|email|url, for every comment.
            let rows = try await blog.database.strings("""
                SELECT author_name || '|' || id || '|' || coalesce(parent_id, 0) || '|' || depth || '|' || status || '|' || author_email || '|' || coalesce(author_url, '')
                FROM comment ORDER BY id
                """).compactMap { $0?.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
            let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0) })
            let bob = try #require(byName["Bob"])
            let cy = try #require(byName["Cy"])
            let dee = try #require(byName["Dee"])
            #expect(bob[2] == "0" && bob[3] == "1")
            #expect(cy[2] == bob[1] && cy[3] == "2")
            #expect(dee[2] == cy[1] && dee[3] == "3")
            #expect(bob[6] == "https://bob.example")
            #expect(bob[5] == "reader@example.com")
            #expect(byName["Eve"]?[4] == "pending")
            #expect(byName["Spammer"]?[4] == "spam")
            // A reply to a skipped pingback stands on its own; a missing address gets a reserved one.
            #expect(byName["Fay"]?[2] == "0")
            #expect(byName["Fay"]?[5] == "unknown@example.invalid")

            let post = try #require(try await blog.posts.post(slug: "sailing-and-rowing"))
            let shown = try await blog.database.comments(settings: .init()).approvedComments(postID: post.post.id ?? 0, log: ReadLog())
            #expect(shown.map(\.authorName) == ["Bob", "Cy", "Dee", "Fay"])
            #expect(shown.first { $0.authorName == "Cy" }?.body == "Agreed & more.")
            #expect(shown.first { $0.authorName == "Dee" }?.body == "See my post (https://dee.example/post).\nThanks!")
            #expect(shown.first?.createdAt == WXRExport.date("2024-03-06 08:00:00"))
        }
    }

    @Test(arguments: TestPostgres.engines)
    func importingTheSameFileAgainAddsNothing(engine: DatabaseEngine) async throws {
        try await with(engine) { blog in
            _ = try await blog.importExport()
            let counts = { try await blog.database.strings("SELECT (SELECT COUNT(*) FROM post) || ',' || (SELECT COUNT(*) FROM comment) || ',' || (SELECT COUNT(*) FROM tag) || ',' || (SELECT COUNT(*) FROM old_address)") }
            let before = try await counts()
            let again = try await blog.importExport()
            let after = try await counts()
            #expect(before == after)
            #expect(again.postsImported == 0 && again.commentsImported == 0)
            #expect(again.postsAlreadyImported == 3)
            #expect(again.commentsAlreadyImported == 6)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aSlugTakenByAnotherPostGetsANumber(engine: DatabaseEngine) async throws {
        try await with(engine) { blog in
            _ = try await blog.posts.create(PostDraft(title: "Mine", slug: "sailing-and-rowing", bodyMarkdown: "Already here."), now: Date())
            let report = try await blog.importExport()
            #expect(report.renamedSlugs.map(\.to) == ["sailing-and-rowing-2"])
            #expect(try await blog.posts.post(slug: "sailing-and-rowing")?.post.bodyMarkdown == "Already here.")
            #expect(try await blog.posts.post(slug: "sailing-and-rowing-2")?.post.bodyFormat == .html)
        }
    }

    @Test(arguments: [
        ("<html><body>Not an export</body></html>", "root element is <html>"),
        ("<rss version=\"2.0\"><channel><title>A feed</title></channel></rss>", "no <wp:wxr_version>"),
        ("this is not XML at all", "not well-formed XML"),
    ])
    func aFileThatIsNotWXRIsRefused(text: String, message: String) async throws {
        try await with(.sqlite) { blog in
            let error = await #expect(throws: WordPressImportError.self) { try await blog.importExport(text) }
            #expect(error.map { "\($0)".contains(message) } == true)
            let count = try await blog.posts.count()
            #expect(count == 0)
        }
    }

    /// Found by fuzzing (scripts/fuzz.sh wordpress): bytes that are not UTF-8 in an element's or
    /// an attribute's name crashed Foundation's XML parser. Such a file is refused before parsing.
    @Test func aFileThatIsNotUTF8IsRefusedBeforeTheXMLParserSeesIt() throws {
        for (name, offset) in [("<a\u{FF}\u{FF}b>x</a\u{FF}\u{FF}b>", 16), ("<a b\u{FF}=\"1\">x</a>", 18)] {
            var bytes = Array("<rss><channel>".utf8)
            bytes += name.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
            bytes += Array("</channel></rss>".utf8)
            #expect(throws: WordPressImportError.notUTF8(offset: offset)) {
                _ = try WXRReader.read(.data(Data(bytes))) { _ in }
            }
        }
        // A file is read in chunks: a character cut by a chunk's end is fine; a bad byte after
        // the first chunk is found where it is.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-utf8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = String(repeating: "a", count: (1 << 20) - 1) + "é" + String(repeating: "€", count: 1000)
        let good = folder.appendingPathComponent("good.xml")
        try Data(text.utf8).write(to: good)
        #expect(try WXRSource.file(good).firstByteNotUTF8() == nil)
        let bad = folder.appendingPathComponent("bad.xml")
        try Data(text.utf8 + [0xC3]).write(to: bad)
        #expect(try WXRSource.file(bad).firstByteNotUTF8() == text.utf8.count)
        #expect(try WXRSource.data(Data([0x61, 0xE2, 0x82])).firstByteNotUTF8() == 1)
        // ISO-8859-1, every byte a character, is left to the parser, which reads it.
        let latin1 = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>caf".utf8 + [0xE9] + Array("</rss>".utf8))
        #expect(try WXRSource.data(latin1).firstByteNotUTF8() == nil)
        let declared = Data("<?xml version='1.0' encoding='UTF-8'?><rss>caf".utf8 + [0xE9] + Array("</rss>".utf8))
        #expect(try WXRSource.data(declared).firstByteNotUTF8() == 46)
    }

    /// Found by fuzzing: Foundation's parser on Linux crashed (strlen of a null pointer) on a
    /// processing instruction with nothing in it. Such a file is refused before parsing; in
    /// CDATA or a comment it is only text.
    @Test func anEmptyProcessingInstructionIsRefusedBeforeTheXMLParserSeesIt() throws {
        let export = #"<?xml version="1.0" encoding="UTF-8" ?><rss><channel>Agreed <?xml?></channel></rss>"#
        #expect(throws: WordPressImportError.emptyProcessingInstruction(offset: 60)) {
            _ = try WXRReader.read(.data(Data(export.utf8))) { _ in }
        }
        typealias Finding = UnreadableMarkupScanner.Finding
        for (text, found) in [("<?x?>", .emptyProcessingInstruction(offset: 0)), ("a<?x ?>", .emptyProcessingInstruction(offset: 1)),
                              ("<??>", .emptyProcessingInstruction(offset: 0)), ("<?x y?>", nil), ("<?php echo 1; ?>", nil),
                              ("<![CDATA[<?php?>]]><?x?>", .emptyProcessingInstruction(offset: 19)), ("<!-- <?x?> -->", nil),
                              ("<?x a?b?>", nil),
                              // A DOCTYPE's quoted text could hide an instruction from the scanner: it is refused.
                              (#"<?xml version="1.0"?><!DOCTYPE r SYSTEM "<!--"><r><?x?></r>"#, .doctype(offset: 21)),
                              ("<![CDATA[<!DOCTYPE x>]]>", nil)] as [(String, Finding?)] {
            #expect(try WXRSource.data(Data(text.utf8)).firstUnreadableMarkup() == found, "\(text)")
        }
        #expect(throws: WordPressImportError.doctype(offset: 0)) {
            _ = try WXRReader.read(.data(Data("<!DOCTYPE r [<!ENTITY e \"<?a b\">]><rss/>".utf8))) { _ in }
        }
        // Read in chunks, markers cut by a chunk's end are still seen.
        var scanner = UnreadableMarkupScanner()
        #expect(scanner.scan(Array("<![CDA".utf8)) == nil && scanner.scan(Array("TA[<?x?>]".utf8)) == nil)
        #expect(scanner.scan(Array("]><".utf8)) == nil && scanner.scan(Array("?y?>".utf8)) == .emptyProcessingInstruction(offset: 17))
    }

    /// Found by fuzzing: an encoding libxml2 doesn't know ("ISO-1") let bytes that are not UTF-8
    /// reach Foundation's parser in an element's name, which crashed it. Only UTF-8 and
    /// ISO-8859-1 are read; any other declared encoding is refused, naming it.
    @Test func anExportDeclaringAnotherEncodingIsRefusedByName() throws {
        var bytes = Array(#"<?xml version="1.(" encoding="ISO-1" ?><rss><ch"#.utf8) + [0xFF, 0xFF]
        bytes += Array("n></rss>".utf8)
        #expect(throws: WordPressImportError.unsupportedEncoding("ISO-1")) {
            _ = try WXRReader.read(.data(Data(bytes))) { _ in }
        }
        #expect(throws: WordPressImportError.unsupportedEncoding("Shift_JIS")) {
            try WXRSource.data(Data("<?xml version='1.0' encoding = 'Shift_JIS'?><rss/>".utf8)).declaredEncoding()
        }
        #expect(try WXRSource.data(Data("<?xml version='1.0' encoding='us-ascii'?>".utf8)).declaredEncoding() == .utf8)
        #expect(try WXRSource.data(Data("<?xml version=\"1.0\"?><rss/>".utf8)).declaredEncoding() == .utf8)
        #expect(try WXRSource.data(Data("<rss/>".utf8)).declaredEncoding() == .utf8)
        // Only XML's own spaces separate the declaration's parts, as libxml2 reads them.
        #expect(try WXRSource.data(Data("<?xml version=\"1.0\"\u{A0}encoding=\"ISO-8859-1\"?>".utf8)).declaredEncoding() == .utf8)
        #expect(WordPressImportError.unsupportedEncoding("ISO-1").description.contains("iconv -f 'ISO-1' -t UTF-8"))
    }

    @Test(arguments: TestPostgres.engines)
    func aTruncatedExportImportsNothing(engine: DatabaseEngine) async throws {
        try await with(engine) { blog in
            let cut = String(Self.export.prefix(Self.export.count * 2 / 3))
            let error = await #expect(throws: WordPressImportError.self) { try await blog.importExport(cut) }
            #expect(error.map { "\($0)".contains("cut short") } == true)
            let count = try await blog.posts.count()
            #expect(count == 0)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aFileIsStreamedInBatchesAndAnAttachmentAfterItsPostStillBecomesTheFeaturedImage(engine: DatabaseEngine) async throws {
        let items = (1...7).map { number in
            Self.item(1000 + number, title: "Streamed \(number)", slug: "streamed-\(number)", content: "Body \(number).", extra: number == 2 ? """
                <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[99]]></wp:meta_value></wp:postmeta>
                \(Self.comment(200 + number, author: "Reader", content: "Nice."))
                """ : "")
        }.joined(separator: "\n")
        let attachment = Self.item(99, type: "attachment", status: "inherit", title: "pier", slug: "pier", extra: """
            <wp:attachment_url><![CDATA[https://old.example/pier.jpg]]></wp:attachment_url>
            """)
        let text = Self.export.replacingOccurrences(of: "</channel>", with: items + attachment + "</channel>")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("wxr-\(UUID().uuidString).xml")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await with(engine) { blog in
            var importer = blog.importer
            importer.batchSize = 2
            let seen = Mutex<[Int]>([])
            let report = try await importer.importExport(contentsOf: file, now: Date()) { done, total in
                seen.withLock { $0.append(done) }
                #expect(total == 11)
            }
            #expect(report.postsImported == 10)
            let counts = seen.withLock { $0 }
            #expect(counts.count >= 5 && counts == counts.sorted() && counts.last == 11)
            let second = try #require(try await blog.posts.post(slug: "streamed-2"))
            #expect(second.post.featuredImageURL == "https://old.example/pier.jpg")
            // The nine that are not drafts, and the page.
            #expect(try await blog.database.integer("SELECT COUNT(*) FROM post_term_vector") == 10)
            #expect(try await blog.database.integer("SELECT COUNT(*) FROM post_search") == 10)
            let again = try await importer.importExport(contentsOf: file, now: Date())
            #expect(again.postsImported == 0 && again.postsAlreadyImported == 10)
        }
    }
}
