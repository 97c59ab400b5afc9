import HTTPTypes
import Hummingbird
import QuireCore

/// What every surface answers while the database can't serve a request (`StoreError.isTemporary`):
/// 503 with `Retry-After`, and words that say it will pass.
enum Unavailable {
    static let retryAfterSeconds = 5
    static var headers: HTTPFields { [.retryAfter: String(retryAfterSeconds)] }
    static let message = "The blog's database can't be reached just now; try again in a few seconds. If you were saving something, check whether it was saved before sending it again."
    /// Above a form whose values are kept: nothing was saved.
    static let formKept = "Nothing was saved: the blog's database can't take changes just now (it may be busy or out of disk space). What you wrote is kept below; send it again in a minute."

    /// A page that shows a form again, kept, as the answer 503 with `Retry-After`.
    static func keptForm(_ page: Response) -> Response {
        var response = page
        response.headers.append(contentsOf: headers)
        return response
    }
}
