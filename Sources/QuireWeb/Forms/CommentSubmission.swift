import Foundation
import QuireCore

/// A comment form read into a draft, with what the reader typed to fill the form again.
struct CommentSubmission: Sendable {
    var draft: CommentDraft
    /// What the reader typed, to fill the form again when it must be corrected.
    var typedValues: [CommentField: String]

    init(fields: FormFields, clientHash: String, userAgent: String, hasValidFormToken: Bool) {
        var typed: [CommentField: String] = [:]
        var unreadable: [CommentField: String] = [:]
        for field in [CommentField.body, .authorName, .authorEmail, .authorURL] {
            let (value, isValid) = fields.text(field.formName)
            typed[field] = value
            if !isValid { unreadable[field] = "This contains bytes that are not valid UTF-8 text; please type it again." }
        }
        var parentID: Int64?
        let parent = fields.text("comment_parent").value.trimmingCharacters(in: .whitespaces)
        if !parent.isEmpty, parent != "0" {
            if let id = Int64(parent), id > 0 {
                parentID = id
            } else {
                unreadable[.parent] = "The comment you are replying to is not available."
            }
        }
        draft = CommentDraft(
            authorName: typed[.authorName] ?? "",
            authorEmail: typed[.authorEmail] ?? "",
            authorURL: typed[.authorURL],
            body: typed[.body] ?? "",
            parentID: parentID,
            clientHash: clientHash,
            origin: .form(validToken: hasValidFormToken),
            userAgent: userAgent,
            isHoneypotFilled: !fields.text("homepage").value.isEmpty,
            unreadableFields: unreadable
        )
        typedValues = typed
    }
}
