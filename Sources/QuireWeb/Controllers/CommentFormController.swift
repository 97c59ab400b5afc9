import Foundation
import Hummingbird
import Logging
import NIOCore
import QuireCore

/// `POST /posts/{slug}/comments`: the target of the "Leave a Reply" form (SPEC §4).
struct CommentFormController<Context: RemoteAddressRequestContext>: Sendable {
    let pages: PostPages
    let secret: SiteSecret

    /// The largest form body taken; larger ones are answered with 413.
    static var maxBodySize: Int { 64 * 1024 }

    func addRoutes(to router: Router<Context>) {
        router.post("/posts/:slug/comments", use: create)
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let now = Date()
        let slug = try context.parameters.require("slug")
        guard let entry = try await pages.posts.publicPost(slug: slug, now: now), let postID = entry.post.id else {
            throw HTTPError(.notFound)
        }
        let fields = try await readForm(request)
        var form = CommentFormState()
        let submission = CommentSubmission(fields: fields, clientHash: secret.clientHash(context.clientAddress), userAgent: request.headers[.userAgent] ?? "")
        form.values = submission.typedValues
        form.parentID = submission.draft.parentID

        guard pages.moderation.isOpen(entry.post, now: now) else {
            return try await page(entry, form, now, .forbidden, request, context)
        }
        guard pages.formTokens.isValid(fields.text("form_token").value, postID: postID, now: now) else {
            form.notice = "This form had expired or could not be checked, so your comment was not sent. It is kept below: please send it again."
            return try await page(entry, form, now, .badRequest, request, context)
        }
        guard submission.encodingErrors.isEmpty else {
            let validator = CommentValidator(maxCommentLength: pages.comments.settings.maxCommentLength)
            form.errors = validator.errors(in: submission.draft).merging(submission.encodingErrors) { _, encoding in encoding }
            return try await page(entry, form, now, .unprocessableContent, request, context)
        }
        do {
            let comment = try await pages.comments.submit(submission.draft, to: entry.post, now: now)
            context.logger.info("Comment received", metadata: ["post.slug": "\(slug)", "comment.id": "\(comment.id ?? 0)", "comment.status": "\(comment.status.rawValue)"])
            let location = comment.status == .approved
                ? "/posts/\(slug)#comment-\(comment.id ?? 0)"
                : "/posts/\(slug)?moderation=pending#comments"
            return Response(status: .seeOther, headers: [.location: location])
        } catch CommentError.invalid(let errors) {
            form.errors = errors
            return try await page(entry, form, now, .unprocessableContent, request, context)
        } catch CommentError.closed {
            return try await page(entry, form, now, .forbidden, request, context)
        } catch CommentError.rateLimited(let retryAfter) {
            form.notice = "You have sent several comments in the last minute. Please wait \(retryAfter) seconds, then send this one again."
            var response = try await page(entry, form, now, .tooManyRequests, request, context)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
    }

    /// The form body, within the size limit and in a form content type.
    private func readForm(_ request: Request) async throws -> FormFields {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBodySize {
            throw HTTPError(.contentTooLarge, message: "A comment form can be at most 64 KiB.")
        }
        let contentType = request.headers[.contentType]
        let body = try await request.body.collect(upTo: Self.maxBodySize)
        do {
            return try FormFields.parse(Array(buffer: body), contentType: contentType)
        } catch .unsupportedMediaType {
            throw HTTPError(.unsupportedMediaType, message: "Send the comment form as application/x-www-form-urlencoded or multipart/form-data.")
        } catch .malformed(let problem) {
            throw HTTPError(.badRequest, message: "The form could not be read: \(problem).")
        }
    }

    private func page(_ entry: PostWithTags, _ form: CommentFormState, _ now: Date, _ status: HTTPResponse.Status, _ request: Request, _ context: Context) async throws -> Response {
        try await pages.render(entry, form: form, now: now, status: status).response(from: request, context: context)
    }
}

extension RemoteAddressRequestContext {
    /// The connected client's address, or "unknown" where there is no socket (router tests).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
