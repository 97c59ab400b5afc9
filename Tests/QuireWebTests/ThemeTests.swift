import Foundation
import Hummingbird
import HummingbirdTesting
import QuireCore
@testable import QuireWeb
import Testing

@Suite struct ThemeTests {
    /// A new empty folder for a theme.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-theme-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to path: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func aThemesFilesReplaceTheBuiltInOnesFileByFile() async throws {
        let theme = try Self.folder()
        defer { try? FileManager.default.removeItem(at: theme) }
        try Self.write("<footer class=\"site-footer\"><p>Themed footer for {{site.title}}</p></footer>\n", to: "templates/site_footer.mustache", in: theme)
        try Self.write("body { color: rebeccapurple; }\n", to: "static/css/quire.css", in: theme)
        try Self.write("/* more */\n", to: "static/css/extra.css", in: theme)
        let site = try TestSite { $0.theme = theme.path }
        try await site.add(PostDraft(title: "Themed", bodyMarkdown: "x", featuredImage: FeaturedImage(url: "/static/images/welcome.png", alt: "Sheets of paper", caption: nil)))
        try await site.test { client async throws in
            let front = try await client.execute(uri: "/", method: .get).text
            #expect(front.contains("Themed footer for Quire"))
            #expect(front.contains(#"<div class="post-summary-image"><picture><img src="/static/images/welcome.png" alt="Sheets of paper" fetchpriority="high"></picture>"#))
            // Templates the theme leaves out are the built-in ones.
            let post = try await client.execute(uri: "/posts/themed", method: .get).text
            #expect(post.contains(#"<h1 class="post-title">Themed</h1>"#) && post.contains("Themed footer"))
            #expect(try await client.execute(uri: "/static/css/quire.css", method: .get).text.contains("rebeccapurple"))
            #expect(try await client.execute(uri: "/static/css/extra.css", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/static/images/welcome.png", method: .get).status == .ok)
            // The admin keeps its own templates.
            #expect(try await client.execute(uri: "/admin/login", method: .get).text.contains("Sign in"))
        }
    }

    @Test func aBrokenTemplateStopsStartUpNamingItsFileAndLine() async throws {
        let theme = try Self.folder()
        defer { try? FileManager.default.removeItem(at: theme) }
        try Self.write("<header>\n  {{#site}}\n  <p>{{title</p>\n</header>\n", to: "templates/site_header.mustache", in: theme)
        let site = try TestSite { $0.theme = theme.path }
        do {
            _ = try await site.services()
            Issue.record("a broken template was accepted")
        } catch let error as ThemeError {
            #expect(error.description.hasPrefix(theme.appendingPathComponent("templates/site_header.mustache").path + ":3:"), "\(error)")
            #expect(!error.description.contains("\n"))
        }
        let missing = try TestSite { $0.theme = theme.appendingPathComponent("nope").path }
        await #expect(throws: ThemeError.self) { _ = try await missing.services() }
    }

    @Test func theExportedThemeIsTheBuiltInOne() async throws {
        let theme = try Self.folder()
        defer { try? FileManager.default.removeItem(at: theme) }
        let written = try ThemeExport.write(to: theme, replacing: false)
        #expect(written.contains("templates/post.mustache") && written.contains("static/css/quire.css"))
        #expect(!written.contains { $0.contains("Admin") || $0.contains("admin") })
        #expect(throws: ThemeError.self) { _ = try ThemeExport.write(to: theme, replacing: false) }
        #expect(try ThemeExport.write(to: theme, replacing: true) == written)
        let builtIn = try TestSite()
        let themed = try TestSite { $0.theme = theme.path }
        // One publication date for both: each site's clock starts at the real time, which may
        // have passed a second between the two.
        let published = Date(timeIntervalSince1970: 1_700_000_000)
        for site in [builtIn, themed] { try await site.add(PostDraft(title: "Same", bodyMarkdown: "x", publishedAt: published)) }
        let pages = try await [builtIn, themed].asyncMap { site in
            try await site.test { client in try await client.execute(uri: "/posts/same", method: .get).text }
        }
        // Alike but for the moments each site was made at and its own secret.
        let unstamped = pages.map { $0.split(separator: "\n").filter { !$0.contains("modified_time") && !$0.contains("dateModified") && !$0.contains("datetime=") && !$0.contains("form_token") } }
        #expect(unstamped[0] == unstamped[1])
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
