import CryptoExtras
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuireCore
import QuireTestSupport
import Testing

/// What other servers read of the blog (SPEC §10): WebFinger, the actor, NodeInfo, the outbox,
/// and the actor and articles that share URLs with pages, through the router on both engines.
@Suite struct FederationRouteTests {
    static let activityJSON: HTTPFields = [.accept: "application/activity+json"]

    /// A site that federates, with two public posts (one tagged, with a featured image and a
    /// relative link) and a draft.
    func federating(_ engine: DatabaseEngine, _ body: @Sendable (TestSite) async throws -> Void) async throws {
        let site = try TestSite { $0.federation.enabled = true; $0.site.tagline = "Notes & kites" }
        try await site.on(engine) { site in
            try await site.add(PostDraft(
                title: "Kites in March", bodyMarkdown: "A [link](/posts/older) and ![a kite](/media/kite.jpg).",
                tags: ["Kite Flying", "Weather"], publishedAt: daysAgo(1),
                featuredImage: FeaturedImage(url: "/media/kite.jpg", alt: "A red kite", caption: nil)
            ))
            try await site.add(PostDraft(title: "Older", bodyMarkdown: "x", publishedAt: daysAgo(2)))
            try await site.add(PostDraft(title: "Unfinished", bodyMarkdown: "x", status: .draft))
            try await body(site)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func everyRouteIsAbsentUntilTheOwnerTurnsFederationOn(engine: DatabaseEngine) async throws {
        try await TestSite().on(engine) { site in
            try await site.add(PostDraft(title: "Hello", bodyMarkdown: "x"))
            try await site.test { client in
                for uri in ["/.well-known/webfinger?resource=acct:blog@blog.example", "/activitypub/actor", "/activitypub/outbox", "/.well-known/nodeinfo", "/nodeinfo/2.1"] {
                    #expect(try await client.execute(uri: uri, method: .get).status == .notFound, "\(uri)")
                }
                let front = try await client.execute(uri: "/", method: .get, headers: Self.activityJSON)
                #expect(front.status == .ok && front.headers[.contentType]?.hasPrefix("text/html") == true)
                let post = try await client.execute(uri: "/posts/hello", method: .get, headers: Self.activityJSON)
                #expect(post.headers[.contentType]?.hasPrefix("text/html") == true)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theOwnerTurnsFederationOnAndOffInTheSettings(engine: DatabaseEngine) async throws {
        try await TestSite().on(engine) { site in
            try await site.test { client async throws in
                var browser = try await AdminBrowser.signIn(client, site: site)
                let form = try await browser.get("/admin/settings").text
                #expect(form.contains(#"name="federation.enabled" type="checkbox">"#))
                let on = try await browser.submit("/admin/settings", form: "/admin/settings", try await AdminSettingsTests.fields(browser, changing: ["federation.enabled": "on"]))
                #expect(on.status == .seeOther)
                #expect(try await browser.get("/admin/settings").text.contains(#"name="federation.enabled" type="checkbox" checked>"#))
                #expect(try await client.execute(uri: "/activitypub/actor", method: .get).status == .ok)
                // An unticked box sends nothing: the blog stops federating.
                let fields = try await AdminSettingsTests.fields(browser, changing: [:]).filter { $0.0 != "federation.enabled" }
                #expect(try await browser.submit("/admin/settings", form: "/admin/settings", fields).status == .seeOther)
                #expect(try await client.execute(uri: "/activitypub/actor", method: .get).status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func webFingerFindsTheBlogByTheHostOfBaseURLWhateverHostTheProxySends(engine: DatabaseEngine) async throws {
        try await federating(engine) { site in
            try await site.test { client in
                // However the request reached Quire (here with no host at all, as from a proxy
                // that speaks to it by address), the account's host is base_url's.
                for resource in ["acct:blog@blog.example", "acct:BLOG@Blog.Example", "blog@blog.example", "https://blog.example/activitypub/actor", "https://blog.example/"] {
                    let response = try await client.execute(uri: "/.well-known/webfinger?resource=\(resource)", method: .get)
                    #expect(response.status == .ok, "\(resource)")
                    #expect(response.headers[.contentType] == "application/jrd+json; charset=utf-8")
                    #expect(response.headers[.accessControlAllowOrigin] == "*")
                    let document = try response.json()
                    #expect(document["subject"] as? String == "acct:blog@blog.example")
                    let links = document["links"] as? [[String: Any]] ?? []
                    let selfLink = links.first { $0["rel"] as? String == "self" }
                    #expect(selfLink?["type"] as? String == "application/activity+json")
                    #expect(selfLink?["href"] as? String == "https://blog.example/activitypub/actor")
                }
                for resource in ["acct:someone@blog.example", "acct:blog@127.0.0.1:8080", "acct:blog@other.example", "https://other.example/"] {
                    #expect(try await client.execute(uri: "/.well-known/webfinger?resource=\(resource)", method: .get).status == .notFound, "\(resource)")
                }
                for query in ["", "?resource=", "?resource=blog", "?resource=acct:@blog.example"] {
                    #expect(try await client.execute(uri: "/.well-known/webfinger\(query)", method: .get).status == .badRequest, "\(query)")
                }
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theActorShowsAKept2048BitKeyAndIsAlsoTheFrontPageAskedForAsActivityStreams(engine: DatabaseEngine) async throws {
        try await federating(engine) { site in
            let firstKey = try await site.test { client in
                let response = try await client.execute(uri: "/activitypub/actor", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/activity+json; charset=utf-8")
                let actor = try response.json()
                #expect(actor["id"] as? String == "https://blog.example/activitypub/actor")
                #expect(actor["type"] as? String == "Person")
                #expect(actor["preferredUsername"] as? String == "blog")
                #expect(actor["name"] as? String == "Quire")
                #expect(actor["summary"] as? String == "<p>Notes &amp; kites</p>")
                #expect(actor["inbox"] as? String == "https://blog.example/activitypub/inbox")
                #expect(actor["outbox"] as? String == "https://blog.example/activitypub/outbox")
                #expect(actor["followers"] as? String == "https://blog.example/activitypub/followers")
                #expect((actor["endpoints"] as? [String: String])?["sharedInbox"] == "https://blog.example/activitypub/inbox")
                let key = actor["publicKey"] as? [String: String] ?? [:]
                #expect(key["id"] == "https://blog.example/activitypub/actor#main-key")
                #expect(key["owner"] == "https://blog.example/activitypub/actor")
                let publicKey = try _RSA.Signing.PublicKey(pemRepresentation: key["publicKeyPem"] ?? "")
                #expect(publicKey.keySizeInBits == 2048)

                // `/` asked for as ActivityStreams is the actor; as HTML, the front page.
                let front = try await client.execute(uri: "/", method: .get, headers: [.accept: "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""])
                #expect(try front.json()["id"] as? String == "https://blog.example/activitypub/actor")
                #expect(front.headers[.vary]?.contains("Accept") == true)
                let page = try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"])
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.headers[.vary]?.contains("Accept") == true)
                return key["publicKeyPem"] ?? ""
            }
            // Another process on the same database shows the same key.
            let secondKey = try await site.test { client in
                try await client.execute(uri: "/activitypub/actor", method: .get).json()["publicKey"].flatMap { ($0 as? [String: String])?["publicKeyPem"] }
            }
            #expect(secondKey == firstKey)
        }
    }

    @Test(arguments: TestPostgres.engines)
    func aPostAskedForAsActivityStreamsIsItsWholeArticle(engine: DatabaseEngine) async throws {
        try await federating(engine) { site in
            try await site.test { client in
                // The HTML page first, so the cache holds it: the document must not be served from it.
                #expect(try await client.execute(uri: "/posts/kites-in-march", method: .get).headers[.contentType]?.hasPrefix("text/html") == true)
                let response = try await client.execute(uri: "/posts/kites-in-march", method: .get, headers: Self.activityJSON)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/activity+json; charset=utf-8")
                let article = try response.json()
                #expect(article["type"] as? String == "Article")
                #expect(article["id"] as? String == "https://blog.example/posts/kites-in-march")
                #expect(article["url"] as? String == "https://blog.example/posts/kites-in-march")
                #expect(article["attributedTo"] as? String == "https://blog.example/activitypub/actor")
                #expect(article["name"] as? String == "Kites in March")
                let content = article["content"] as? String ?? ""
                #expect(content.contains(#"href="https://blog.example/posts/older""#))
                #expect(content.contains(#"src="https://blog.example/media/kite.jpg""#))
                #expect(article["to"] as? [String] == ["https://www.w3.org/ns/activitystreams#Public"])
                #expect(article["cc"] as? [String] == ["https://blog.example/activitypub/followers"])
                let tags = article["tag"] as? [[String: String]] ?? []
                #expect(tags.map { $0["name"] } == ["#KiteFlying", "#Weather"])
                #expect(tags.first?["type"] == "Hashtag" && tags.first?["href"] == "https://blog.example/tags/kite-flying")
                let images = article["attachment"] as? [[String: String]] ?? []
                #expect(images == [["type": "Image", "mediaType": "image/jpeg", "url": "https://blog.example/media/kite.jpg", "name": "A red kite"]])
                #expect(article["published"] as? String != nil)
                // A draft is no more an article than it is a page.
                #expect(try await client.execute(uri: "/posts/unfinished", method: .get, headers: Self.activityJSON).status == .notFound)
            }
        }
    }

    @Test(arguments: TestPostgres.engines)
    func theOutboxListsEachPublicPostAsACreateAndNodeInfoCountsThem(engine: DatabaseEngine) async throws {
        try await federating(engine) { site in
            try await site.test { client in
                let outbox = try await client.execute(uri: "/activitypub/outbox", method: .get).json()
                #expect(outbox["type"] as? String == "OrderedCollection")
                #expect(outbox["totalItems"] as? Int == 2)
                #expect(outbox["first"] as? String == "https://blog.example/activitypub/outbox?page=1")
                let page = try await client.execute(uri: "/activitypub/outbox?page=1", method: .get).json()
                #expect(page["type"] as? String == "OrderedCollectionPage")
                #expect(page["partOf"] as? String == "https://blog.example/activitypub/outbox")
                #expect(page["next"] == nil)
                let items = page["orderedItems"] as? [[String: Any]] ?? []
                #expect(items.map { $0["type"] as? String } == ["Create", "Create"])
                #expect(items.map { ($0["object"] as? [String: Any])?["name"] as? String } == ["Kites in March", "Older"])
                #expect(items.first?["id"] as? String == "https://blog.example/posts/kites-in-march#create")
                #expect(try await client.execute(uri: "/activitypub/outbox?page=2", method: .get).status == .notFound)
                #expect(try await client.execute(uri: "/activitypub/outbox?page=x", method: .get).status == .notFound)

                let links = try await client.execute(uri: "/.well-known/nodeinfo", method: .get).json()["links"] as? [[String: String]]
                #expect(links == [["rel": "http://nodeinfo.diaspora.software/ns/schema/2.1", "href": "https://blog.example/nodeinfo/2.1"]])
                let nodeInfo = try await client.execute(uri: "/nodeinfo/2.1", method: .get).json()
                #expect(nodeInfo["version"] as? String == "2.1")
                #expect((nodeInfo["software"] as? [String: String])?["name"] == "quire")
                #expect(nodeInfo["protocols"] as? [String] == ["activitypub"])
                #expect((nodeInfo["usage"] as? [String: Any])?["localPosts"] as? Int == 2)
                #expect(nodeInfo["openRegistrations"] as? Bool == false)
            }
        }
    }
}
