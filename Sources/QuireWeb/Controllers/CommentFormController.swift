import CoreMetrics
import Foundation
import Hummingbird
import Logging
import NIOCore
import QuireCore

/// `POST /posts/{slug}/comments`: the target of the "Leave a Reply" form (docs/site.comments.md).
/// `CommentStore.submit` decides; this answers with a 303 or the post page again.
struct CommentFormController<Context: PageCachingRequestContext & RemoteAddressRequestContext>: Sendable {
    let site: LiveSite
    let formTokens: FormTokens
    let secret: SiteSecret
    let clock: WallClock
    let metrics: QuireMetrics

    /// The largest form body taken; larger ones are answered with 413.
    static var maxBodySize: Int { 64 * 1024 }

    func addRoutes(to router: Router<Context>) {
        router.post("/posts/:slug/comments", use: create)
    }

    @Sendable func create(request: Request, context: Context) async throws -> Response {
        let site = try await self.site.current()
        let now = clock.now()
        let slug = try context.parameters.require("slug")
        guard let entry = try await site.posts.publicPost(slug: slug, now: now), let postID = entry.post.id else {
            throw HTTPError(.notFound)
        }
        let fields = try await readForm(request)
        let submission = CommentSubmission(
            fields: fields,
            clientHash: secret.clientHash(context.clientAddress),
            userAgent: request.headers[.userAgent] ?? "",
            hasValidFormToken: formTokens.isValid(fields.text("form_token").value, postID: postID, now: now)
        )
        let outcome: CommentOutcome
        do {
            outcome = try await site.comments.submit(submission.draft, to: entry.post, now: now)
        } catch let error where StoreError.isTemporary(error) {
            // The page again with what was typed, if the database can still be read.
            context.logger.warning("A comment could not be saved; the form was sent back", metadata: ["error": "\(error)"])
            let form = CommentFormState(values: submission.typedValues, notice: Unavailable.formKept, parentID: submission.draft.parentID)
            let page = try await site.postPages.render(entry, form: form, now: now, status: .serviceUnavailable, log: context.readLog)
            return Unavailable.keptForm(page.response(from: request, context: context))
        }
        metrics.record(outcome, origin: submission.draft.origin)
        switch outcome {
        case .stored(let comment):
            context.logger.info("Comment received", metadata: ["post.slug": "\(slug)", "comment.id": "\(comment.id ?? 0)", "comment.status": "\(comment.status.rawValue)"])
            let location = comment.status == .approved
                ? "/posts/\(slug)#comment-\(comment.id ?? 0)"
                : "/posts/\(slug)?moderation=pending#comments"
            return Response(status: .seeOther, headers: [.location: location])
        case .refused(let refusal):
            var form = CommentFormState(values: submission.typedValues, notice: refusal.formNotice, parentID: submission.draft.parentID)
            if case .invalid(let errors) = refusal { form.errors = errors }
            let page = try await site.postPages.render(entry, form: form, now: now, status: refusal.status, log: context.readLog)
            var response = page.response(from: request, context: context)
            response.headers.append(contentsOf: refusal.headers)
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
}
