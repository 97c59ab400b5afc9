import Foundation
import QuireCore

extension AdminPostForm {
    /// An image file of the editor that was refused, and the field it came in.
    struct UploadRefusal: Error {
        var field: String
        var refusal: MediaRefusal
    }

    /// Takes the editor's image files into the media library: `featured_image_file` becomes the
    /// featured image (with the featured alt text), `body_image_file` is added at the end of the
    /// text as Markdown with `body_image_alt`. Done before the post is checked, so an image
    /// uploaded once is not lost if the post then needs a correction.
    mutating func takeUploads(from fields: FormFields, into media: any MediaStore, by user: User, now: Date) async throws {
        if let file = fields.files["featured_image_file"] {
            let added = try await Self.add(file, field: "featured_image_file", alt: featuredImageAlt, media: media, user: user, now: now)
            featuredImageURL = added.url
            if featuredImageAlt.isEmpty { featuredImageAlt = added.alt }
        }
        if let file = fields.files["body_image_file"] {
            let alt = fields.text("body_image_alt").value
            let added = try await Self.add(file, field: "body_image_file", alt: alt, media: media, user: user, now: now)
            let separator = bodyMarkdown.isEmpty ? "" : bodyMarkdown.hasSuffix("\n") ? "\n" : "\n\n"
            bodyMarkdown += separator + added.markdown(alt: alt.isEmpty ? nil : alt) + "\n"
        }
    }

    private static func add(_ file: FormFields.UploadedFile, field: String, alt: String, media: any MediaStore, user: User, now: Date) async throws -> Media {
        do {
            return try await media.add(bytes: file.bytes, alt: alt, ownerID: user.id, seesAll: user.role == .admin, now: now).media
        } catch let refusal as MediaRefusal {
            throw UploadRefusal(field: field, refusal: refusal)
        } catch StoreError.invalid(_, let message) {
            throw FormErrors([field: "The alt text \(message)."])
        }
    }
}
