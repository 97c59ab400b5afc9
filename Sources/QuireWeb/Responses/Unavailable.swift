import HTTPTypes
import QuireCore

/// What every surface answers while the database can't be reached (`StoreError.unavailable`):
/// 503 with `Retry-After`, and words that say it will pass.
enum Unavailable {
    static let retryAfterSeconds = 5
    static var headers: HTTPFields { [.retryAfter: String(retryAfterSeconds)] }
    static let message = "The blog's database can't be reached just now; try again in a few seconds. If you were saving something, check whether it was saved before sending it again."
}
