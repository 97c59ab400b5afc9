import Foundation
import Yams

/// A Markdown file that starts with YAML front matter between `---` lines, read into a post draft.
public struct FrontMatterDocument: Sendable {
    /// The front matter keys Quire reads (docs/config.md); others are reported and ignored.
    public static let knownKeys: Set<String> = [
        "title", "slug", "date", "tags", "draft", "excerpt", "featured_image",
        "featured_image_alt", "featured_image_caption", "comments_open", "type",
    ]

    public var draft: PostDraft
    /// Keys of the front matter that Quire does not know, in file order.
    public var ignoredKeys: [String]

    /// Parses a whole file; a future `date` makes the post scheduled when it is saved.
    public init(text: String) throws(ImportProblem) {
        let (yaml, body) = try Self.split(text)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ImportProblem("the front matter is not valid YAML: \(Self.describe(error))")
        }
        if let root, Self.hasKeyThatIsNotText(root) {
            throw ImportProblem("the front matter's keys must be words, such as 'title: Hello', not lists or mappings")
        }
        guard let fields = root?.any as? [String: Any] else {
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
        let typeText = try reader.text("type")
        let kind = typeText.map { PostKind(rawValue: $0.lowercased()) } ?? .post
        guard let kind else { throw ImportProblem("'type' must be post or page, not '\(typeText ?? "")'") }
        draft = PostDraft(
            title: title,
            slug: slug,
            bodyMarkdown: body,
            excerpt: try reader.text("excerpt"),
            tags: try reader.list("tags"),
            status: try reader.bool("draft") == true ? .draft : .published,
            publishedAt: try reader.date("date"),
            featuredImage: image,
            commentsOpen: try reader.bool("comments_open") ?? (kind == .post)
        )
        draft.kind = kind
        if kind == .page {
            // A page is undated and outside the tag lists.
            draft.tags = []
            draft.publishedAt = nil
        }
        ignoredKeys = fields.keys.filter { !Self.knownKeys.contains($0) }.sorted()
    }

    /// The YAML between the opening and closing `---` lines, and the Markdown after them.
    /// Lines end with LF or CRLF; only the front matter's lines are looked at one by one.
    private static func split(_ text: String) throws(ImportProblem) -> (yaml: String, body: String) {
        let bytes = Array(text.utf8)
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func nextLine() -> String? {
            guard start < bytes.count else { return nil }
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            start = min(end + 1, bytes.count)
            return String(decoding: line, as: UTF8.self)
        }
        let isFence = { (line: String) in line.trimmingCharacters(in: .whitespaces) == "---" }
        guard let first = nextLine(), isFence(first) else {
            throw ImportProblem("the file must start with YAML front matter: a '---' line, 'title: …', and another '---' line")
        }
        var yaml: [String] = []
        while let line = nextLine() {
            guard !isFence(line) else {
                return (yaml.joined(separator: "\n"), body(bytes[start...]))
            }
            yaml.append(line)
        }
        throw ImportProblem("the front matter has no closing '---' line")
    }

    /// The Markdown after the front matter: CRLF line ends made LF, white space trimmed from
    /// both ends. Byte by byte for ASCII ends, as fast as copying.
    private static func body(_ bytes: ArraySlice<UInt8>) -> String {
        let isASCIISpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        var trimmed = bytes.drop(while: isASCIISpace)
        while let last = trimmed.last, isASCIISpace(last) { trimmed = trimmed.dropLast() }
        var lines: [UInt8] = []
        lines.reserveCapacity(trimmed.count)
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            let byte = trimmed[index]
            if !(byte == 0x0D && index + 1 < trimmed.endIndex && trimmed[index + 1] == 0x0A) { lines.append(byte) }
            index += 1
        }
        let text = String(decoding: lines, as: UTF8.self)
        // White space beyond ASCII (a no-break space, say) at either end: Foundation's trim.
        let edges = [text.unicodeScalars.first, text.unicodeScalars.last].compactMap { $0 }
        return edges.contains(where: { !$0.isASCII && CharacterSet.whitespacesAndNewlines.contains($0) })
            ? text.trimmingCharacters(in: .whitespacesAndNewlines)
            : text
    }

    /// Whether a mapping in `node`, at any depth, has a key that is a list or a mapping
    /// (`{c}: x`): Yams stops the whole process on one when it makes a dictionary (fuzzing).
    private static func hasKeyThatIsNotText(_ node: Node) -> Bool {
        var pending = [node]
        while let next = pending.popLast() {
            switch next {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard case .scalar = key else { return true }
                    pending.append(value)
                }
            case .sequence(let sequence):
                pending.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return false
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
