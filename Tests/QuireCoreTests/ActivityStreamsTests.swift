import Foundation
import QuireCore
import Testing

/// Content negotiation, WebFinger's resource names and the addresses made from `base_url`.
@Suite struct ActivityStreamsTests {
    @Test(arguments: [
        ("application/activity+json", true),
        ("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"", true),
        // Mastodon's fetches.
        ("application/activity+json, application/ld+json", true),
        ("application/ld+json", true),
        ("application/ld+json; profile=\"https://example.org/other\"", false),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false),
        ("*/*", false),
        ("text/html, application/activity+json", true),
        ("application/activity+json;q=0.5, text/html", false),
        ("", false),
    ])
    func acceptAsksForActivityStreamsOnlyWhenItRanksThemFirst(accept: String, wanted: Bool) {
        #expect(ActivityStreams.isWanted(byAccept: accept) == wanted)
    }

    @Test func theHostIsBaseURLsWithAPortOnlyWhenItIsNotTheDefault() {
        func host(_ base: String) -> String {
            var site = QuireConfig.Site()
            site.baseURL = base
            return FederationAddresses(site: site, federation: QuireConfig.Federation()).host
        }
        #expect(host("https://Blog.Example/") == "blog.example")
        #expect(host("https://blog.example:443") == "blog.example")
        #expect(host("http://127.0.0.1:8080") == "127.0.0.1:8080")
        #expect(host("https://blog.example:8443/sub") == "blog.example:8443")
    }

    @Test func aHandleIsLettersDigitsAndAFewMarks() throws {
        for good in ["blog", "kites_2026", "a.b-c", "B"] {
            #expect(try ConfigLoader.parse(Data(#"{"federation": {"handle": "\#(good)"}}"#.utf8), source: "t").federation.handle == good)
        }
        for bad in ["", "-blog", "my blog", "blog@host", "été", String(repeating: "a", count: 65)] {
            #expect(throws: ConfigError.self) { try ConfigLoader.parse(Data(#"{"federation": {"handle": "\#(bad)"}}"#.utf8), source: "t") }
        }
    }
}
