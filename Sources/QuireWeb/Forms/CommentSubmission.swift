import Foundation
import QuireCore

/// A comment form read into a draft, with the fields whose bytes were not valid text.
struct CommentSubmission: Sendable {
    var draft: CommentDraft
    /// What the reader typed, to fill the form again when it must be corrected.
    var typedValues: [CommentField: String]
    var encodingErrors: [CommentField: String]

    init(fields: FormFields, clientHash: String, userAgent: String) {
        var typed: [CommentField: String] = [:]
        var encodingErrors: [CommentField: String] = [:]
        for field in [CommentField.body, .authorName, .authorEmail, .authorURL] {
            let (value, isValid) = fields.text(field.formName)
            typed[field] = value
            if !isValid { encodingErrors[field] = "This contains bytes that are not valid UTF-8 text; please type it again." }
        }
        var parentID: Int64?
        let parent = fields.text("comment_parent").value.trimmingCharacters(in: .whitespaces)
        if !parent.isEmpty, parent != "0" {
            if let id = Int64(parent), id > 0 {
                parentID = id
            } else {
                encodingErrors[.parent] = "The comment you are replying to is not available."
            }
        }
        draft = CommentDraft(
            authorName: typed[.authorName] ?? "",
            authorEmail: typed[.authorEmail] ?? "",
            authorURL: typed[.authorURL],
            body: typed[.body] ?? "",
            parentID: parentID,
            clientHash: clientHash,
            userAgent: userAgent,
            isHoneypotFilled: !fields.text("homepage").value.isEmpty
        )
        typedValues = typed
        self.encodingErrors = encodingErrors
    }
}
