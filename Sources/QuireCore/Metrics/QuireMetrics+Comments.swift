import CoreMetrics

extension QuireMetrics {
    /// Counts what became of a submitted comment under `quire_comments_total`: `approved`,
    /// `held`, `spam`, or `refused` with the rule that refused it (`closed`, `form_token`,
    /// `invalid`, `rate_limit`).
    public func record(_ outcome: CommentOutcome, origin: CommentOrigin) {
        guard isOn else { return }
        let (result, rule): (String, String) = switch outcome {
        case .stored(let comment):
            switch comment.status {
            case .approved: ("approved", "")
            case .pending: ("held", "")
            case .spam, .trash: ("spam", "")
            }
        case .refused(.closed): ("refused", "closed")
        case .refused(.expiredForm): ("refused", "form_token")
        case .refused(.invalid): ("refused", "invalid")
        case .refused(.rateLimited): ("refused", "rate_limit")
        }
        comments(origin: origin.metricLabel, outcome: result, rule: rule).increment()
    }
}

extension CommentOrigin {
    /// The `origin` label: where the comment came from, without the form token's validity.
    var metricLabel: String {
        switch self {
        case .api: "api"
        case .form: "form"
        case .admin: "admin"
        case .webmention: "webmention"
        }
    }
}
