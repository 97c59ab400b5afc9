import Foundation
import QuireCore

/// Atom 1.0 (RFC 4287), RSS 2.0 and JSON Feed 1.1 documents of a channel.
enum FeedWriters {
    static func atom(_ channel: FeedChannel) -> String {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(XMLText.escape(channel.language))">
            <title>\(XMLText.escape(channel.title))</title>
            <subtitle>\(XMLText.escape(channel.description))</subtitle>
            <link rel="alternate" type="text/html" href="\(XMLText.escape(channel.pageURL))"/>
            <link rel="self" type="application/atom+xml" href="\(XMLText.escape(channel.feedURL))"/>
            <id>\(XMLText.escape(channel.feedURL))</id>
            <updated>\(RFC3339.string(channel.updated))</updated>
            <author><name>\(XMLText.escape(channel.author))</name></author>
            <generator>Quire</generator>

            """
        for item in channel.items {
            xml += """
                <entry>
                <title>\(XMLText.escape(item.title))</title>
                <link rel="alternate" type="text/html" href="\(XMLText.escape(item.url))"/>
                <id>\(XMLText.escape(item.id))</id>
                <published>\(RFC3339.string(item.published))</published>
                <updated>\(RFC3339.string(item.updated))</updated>
                <author><name>\(XMLText.escape(item.author))</name></author>
                \(item.tags.map { "<category term=\"\(XMLText.escape($0))\"/>" }.joined())
                <summary>\(XMLText.escape(item.summary))</summary>
                <content type="html">\(XMLText.escape(item.contentHTML))</content>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    static func rss(_ channel: FeedChannel) -> String {
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel>
            <title>\(XMLText.escape(channel.title))</title>
            <link>\(XMLText.escape(channel.pageURL))</link>
            <description>\(XMLText.escape(channel.description))</description>
            <language>\(XMLText.escape(channel.language))</language>
            <lastBuildDate>\(HTTPDate.rfc822(channel.updated))</lastBuildDate>
            <generator>Quire</generator>
            <atom:link href="\(XMLText.escape(channel.feedURL))" rel="self" type="application/rss+xml"/>

            """
        for item in channel.items {
            xml += """
                <item>
                <title>\(XMLText.escape(item.title))</title>
                <link>\(XMLText.escape(item.url))</link>
                <guid isPermaLink="false">\(XMLText.escape(item.id))</guid>
                <pubDate>\(HTTPDate.rfc822(item.published))</pubDate>
                \(item.tags.map { "<category>\(XMLText.escape($0))</category>" }.joined())
                <description>\(XMLText.escape(item.summary))</description>
                <content:encoded>\(XMLText.escape(item.contentHTML))</content:encoded>
                </item>

                """
        }
        return xml + "</channel>\n</rss>\n"
    }

    /// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
    struct JSONFeed: Encodable, Sendable {
        struct Author: Encodable, Sendable { var name: String }
        struct Item: Encodable, Sendable {
            var id: String
            var url: String
            var title: String
            var content_html: String
            var summary: String
            var image: String?
            var date_published: String
            var date_modified: String
            var authors: [Author]
            var tags: [String]
        }

        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var home_page_url: String
        var feed_url: String
        var description: String
        var language: String
        var authors: [Author]
        var items: [Item]
    }

    static func json(_ channel: FeedChannel) -> JSONFeed {
        JSONFeed(
            title: channel.title,
            home_page_url: channel.pageURL,
            feed_url: channel.feedURL,
            description: channel.description,
            language: channel.language,
            authors: [.init(name: channel.author)],
            items: channel.items.map { item in
                JSONFeed.Item(
                    id: item.id, url: item.url, title: item.title, content_html: item.contentHTML,
                    summary: item.summary, image: item.imageURL,
                    date_published: RFC3339.string(item.published), date_modified: RFC3339.string(item.updated),
                    authors: [.init(name: item.author)], tags: item.tags
                )
            }
        )
    }
}
