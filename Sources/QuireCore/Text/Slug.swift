import Foundation

/// URL-safe names for posts and tags: lowercase ASCII letters, digits and single hyphens.
public enum Slug {
    /// The longest slug Quire makes; the database refuses longer ones.
    public static let maxLength = 80

    /// A readable slug for any title: other scripts are transliterated to Latin ("Привет мир" →
    /// "privet-mir"), accents dropped, everything else turned into hyphens. Empty when nothing
    /// readable is left (a title of only punctuation or emoji).
    public static func make(from text: String) -> String {
        let latin = text.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? text
        var slug = ""
        var pendingHyphen = false
        for scalar in latin.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar != "'" && scalar != "’" {
                pendingHyphen = true
            }
        }
        return truncated(slug)
    }

    /// Whether a string given by an author can be used as a slug as it is.
    public static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && slug.count <= 200
            && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The slug with `-2`, `-3`… appended, for the nth post that wants the same one.
    public static func numbered(_ slug: String, _ number: Int) -> String {
        number <= 1 ? slug : "\(slug)-\(number)"
    }

    private static func truncated(_ slug: String) -> String {
        guard slug.count > maxLength else { return slug }
        var cut = String(slug.prefix(maxLength))
        if let lastHyphen = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: lastHyphen) > maxLength / 2 {
            cut = String(cut[..<lastHyphen])
        }
        while cut.hasSuffix("-") { cut.removeLast() }
        return cut
    }
}
