import Foundation
import Yams

/// A Markdown file that starts with YAML front matter between `---` lines, read into a post draft.
public struct FrontMatterDocument: Sendable {
    /// The front matter keys Quire reads (docs/config.md); others are reported and ignored.
    public static let knownKeys: Set<String> = [
        "title", "slug", "date", "tags", "draft", "excerpt", "featured_image",
        "featured_image_alt", "featured_image_caption", "comments_open",
    ]

    public var draft: PostDraft
    /// Keys of the front matter that Quire does not know, in file order.
    public var ignoredKeys: [String]

    /// Parses a whole file; a future `date` makes the post scheduled when it is saved.
    public init(text: String) throws(ImportProblem) {
        let (yaml, body) = try Self.split(text)
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: yaml)
        } catch {
            throw ImportProblem("the front matter is not valid YAML: \(Self.describe(error))")
        }
        guard let fields = loaded as? [String: Any] else {
            throw ImportProblem("the front matter must be YAML keys and values, such as 'title: Hello'")
        }
        let reader = FrontMatterFields(yaml: fields)
        guard let title = try reader.text("title"), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ImportProblem("the front matter has no 'title'")
        }
        let slug = try reader.text("slug")
        if let slug, !Slug.isValid(slug) {
            throw ImportProblem("'slug' may hold only lowercase letters, digits and hyphens, not '\(slug)'")
        }
        var image: FeaturedImage?
        if let url = try reader.text("featured_image") {
            image = FeaturedImage(url: url, alt: try reader.text("featured_image_alt") ?? "", caption: try reader.text("featured_image_caption"))
        }
        draft = PostDraft(
            title: title,
            slug: slug,
            bodyMarkdown: body,
            excerpt: try reader.text("excerpt"),
            tags: try reader.list("tags"),
            status: try reader.bool("draft") == true ? .draft : .published,
            publishedAt: try reader.date("date"),
            featuredImage: image,
            commentsOpen: try reader.bool("comments_open") ?? true
        )
        ignoredKeys = fields.keys.filter { !Self.knownKeys.contains($0) }.sorted()
    }

    /// The YAML between the opening and closing `---` lines, and the Markdown after them.
    private static func split(_ text: String) throws(ImportProblem) -> (yaml: String, body: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0] = lines[0].dropFirst() }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw ImportProblem("the file must start with YAML front matter: a '---' line, 'title: …', and another '---' line")
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw ImportProblem("the front matter has no closing '---' line")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return (yaml, body)
    }

    private static func describe(_ error: any Error) -> String {
        HTMLText.collapsingWhitespace("\(error)")
    }
}

/// What is wrong with one file to import, in words for the person who wrote it.
public struct ImportProblem: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
