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

/// Which addresses the outbound rule lets the blog connect to.
@Suite struct IPAddressTests {
    @Test(arguments: [
        ("93.184.216.34", true), ("8.8.8.8", true), ("2606:4700::1111", true), ("[2a00:1450:4001::1]", true),
        ("127.0.0.1", false), ("127.8.9.10", false), ("0.0.0.0", false), ("10.0.0.1", false), ("172.16.0.1", false), ("172.31.255.255", false),
        ("192.168.1.1", false), ("169.254.169.254", false), ("100.64.0.1", false), ("192.0.2.1", false), ("224.0.0.1", false),
        ("255.255.255.255", false), ("::1", false), ("::", false), ("fe80::1", false), ("fd00::1", false), ("fc00::1", false),
        ("ff02::1", false), ("::ffff:127.0.0.1", false), ("::ffff:8.8.8.8", true), ("64:ff9b::a00:1", false), ("64:ff9b:1::808:808", false), ("2002:c0a8:0101::1", false),
        ("2001:db8::1", false), ("172.32.0.1", true), ("100.128.0.1", true),
    ])
    func onlyAddressesTheInternetRoutesArePublic(address: String, isPublic: Bool) throws {
        let parsed = try #require(IPAddress(address))
        #expect(parsed.isPublic == isPublic)
    }

    @Test func literalsReadAndWriteBack() {
        #expect(IPAddress("::ffff:10.0.0.1")?.description == "::ffff:10.0.0.1")
        #expect(IPAddress("[::1]")?.description == "::1")
        #expect(IPAddress("192.0.2.7")?.description == "192.0.2.7")
        #expect(IPAddress("example.com") == nil)
        #expect(IPAddress("1.2.3") == nil)
    }
}
