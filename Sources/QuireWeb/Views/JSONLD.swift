import Foundation
import QuireCore

/// Schema.org structured data for search engines, as JSON that is safe inside `<script>`.
enum JSONLD {
    private struct BlogPosting: Encodable {
        struct Person: Encodable {
            let type = "Person"
            var name: String
            enum CodingKeys: String, CodingKey { case type = "@type", name }
        }

        let context = "https://schema.org"
        let type = "BlogPosting"
        var headline: String
        var description: String
        var url: String
        var mainEntityOfPage: String
        var datePublished: String
        var dateModified: String
        var author: Person
        var image: String?
        var keywords: [String]

        enum CodingKeys: String, CodingKey {
            case context = "@context", type = "@type"
            case headline, description, url, mainEntityOfPage, datePublished, dateModified, author, image, keywords
        }
    }

    static func blogPosting(_ entry: PostWithTags, url: String, imageURL: String?, dates: DateFormats) -> String? {
        let post = entry.post
        let posting = BlogPosting(
            headline: post.title,
            description: post.excerpt,
            url: url,
            mainEntityOfPage: url,
            datePublished: dates.rfc3339(post.publishedAt ?? post.updatedAt),
            dateModified: dates.rfc3339(post.updatedAt),
            author: .init(name: post.authorName),
            image: imageURL,
            keywords: entry.tags.map(\.name)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(posting) else { return nil }
        return scriptSafe(data)
    }

    /// Escapes the characters that could end the `<script>` element or start markup inside it.
    /// Byte by byte: all three are ASCII, which no byte of a longer UTF-8 character is.
    static func scriptSafe<Bytes: Sequence<UInt8>>(_ json: Bytes) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(json.underestimatedCount + 32)
        for byte in json {
            switch byte {
            case UInt8(ascii: "&"): result.append(contentsOf: #"\u0026"#.utf8)
            case UInt8(ascii: "<"): result.append(contentsOf: #"\u003c"#.utf8)
            case UInt8(ascii: ">"): result.append(contentsOf: #"\u003e"#.utf8)
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
