import Foundation

/// The rules a comment's fields must meet before anything is stored (docs/comments.md).
public struct CommentValidator: Sendable {
    public static let maxNameLength = 245
    public static let maxEmailLength = 254
    public static let maxURLLength = 2000

    public var maxCommentLength: Int

    public init(maxCommentLength: Int) {
        self.maxCommentLength = maxCommentLength
    }

    /// Every problem with the draft's own fields, those that could not be read included; the
    /// parent is checked against the database.
    public func errors(in draft: CommentDraft) -> [CommentField: String] {
        var errors: [CommentField: String] = [:]
        let body = draft.body.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.body.containsControlCharacters() {
            errors[.body] = Self.controlCharacterMessage
        } else if body.isEmpty {
            errors[.body] = "Please write a comment."
        } else if draft.body.count > maxCommentLength {
            errors[.body] = "Your comment is \(draft.body.count) characters long; the limit is \(maxCommentLength)."
        }

        let name = draft.authorName.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.authorName.containsControlCharacters(allowingLineBreaks: false) {
            errors[.authorName] = Self.controlCharacterMessage
        } else if name.isEmpty {
            errors[.authorName] = "Please enter your name."
        } else if name.count > Self.maxNameLength {
            errors[.authorName] = "Your name can be at most \(Self.maxNameLength) characters."
        }

        let email = draft.authorEmail.trimmingCharacters(in: .whitespaces)
        if draft.authorEmail.containsControlCharacters(allowingLineBreaks: false) {
            errors[.authorEmail] = Self.controlCharacterMessage
        } else if email.isEmpty {
            errors[.authorEmail] = "Please enter your email address."
        } else if !Self.isEmailAddress(email) {
            errors[.authorEmail] = "Please enter a valid email address, such as name@example.com."
        }

        if let url = draft.authorURL?.trimmingCharacters(in: .whitespaces), !url.isEmpty {
            if url.containsControlCharacters(allowingLineBreaks: false) {
                errors[.authorURL] = Self.controlCharacterMessage
            } else if !Self.isWebURL(url) {
                errors[.authorURL] = "Please enter a website address that starts with http:// or https://."
            }
        }
        return errors.merging(draft.unreadableFields) { _, unreadable in unreadable }
    }

    static let controlCharacterMessage = "This contains control characters that can't be stored; please remove them."


    /// A practical check: one `@`, something before it, a dotted domain after it, no spaces.
    public static func isEmailAddress(_ text: String) -> Bool {
        guard text.count <= maxEmailLength, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
            && !parts[1].contains(where: { "<>\"'(),;:[]\\".contains($0) })
    }

    /// An absolute http or https URL with a host, and none of the characters that can't stand
    /// in a URL unescaped (quotes, angle brackets, braces…).
    public static func isWebURL(_ text: String) -> Bool {
        guard text.count <= maxURLLength, !text.contains(where: { $0.isWhitespace || "\"<>\\^`{|}".contains($0) }),
            let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
