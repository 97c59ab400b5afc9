import Hummingbird
import QuireCore

/// How the web answers a refused comment: one status for each refusal, and the words each
/// surface uses (the form's note above its fields, the API's problem).
extension CommentRefusal {
    var status: HTTPResponse.Status {
        switch self {
        case .closed: .forbidden
        case .expiredForm: .badRequest
        case .invalid: .unprocessableContent
        case .rateLimited: .tooManyRequests
        }
    }

    /// `Retry-After` for a rate-limited client.
    var headers: HTTPFields {
        guard case .rateLimited(let retryAfter) = self else { return [:] }
        return [.retryAfter: String(retryAfter)]
    }

    /// The note the form shows above its fields; field errors stand next to their fields, and a
    /// closed post shows "Comments are closed." instead of the form.
    var formNotice: String? {
        switch self {
        case .closed, .invalid: nil
        case .expiredForm: "This form had expired or could not be checked, so your comment was not sent. It is kept below: please send it again."
        case .rateLimited(let retryAfter): "You have sent several comments in the last minute. Please wait \(retryAfter) seconds, then send this one again."
        }
    }

    /// The API's answer.
    var problem: Problem {
        switch self {
        case .closed:
            Problem(status, "Comments are closed for this post.")
        case .expiredForm:
            Problem(status, "The form token is missing or expired.")
        case .invalid(let errors):
            Problem(status, "Some fields need correcting.", errors: Dictionary(uniqueKeysWithValues: errors.map { ($0.key.apiName, $0.value) }))
        case .rateLimited(let retryAfter):
            Problem(status, "Too many comments from this address in the last minute; try again in \(retryAfter) seconds.", headers: headers)
        }
    }
}
