import Foundation

/// One thing `quire doctor` looked at: what it found, and what to do when that is a problem.
public struct DoctorFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Verdict: String, Sendable, Equatable {
        case ok
        /// Works now, but needs the owner's eye soon.
        case warning
        /// Stops the blog, or loses something, unless mended.
        case problem
    }

    /// What was looked at: `database`, `migrations`, `disk`, `media`, `images`, `server`, `address`.
    public var check: String
    public var verdict: Verdict
    public var detail: String
    /// What to do; nil when nothing needs doing.
    public var advice: String?

    public init(_ check: String, _ verdict: Verdict, _ detail: String, advice: String? = nil) {
        self.check = check
        self.verdict = verdict
        self.detail = detail
        self.advice = advice
    }

    /// One line: the verdict, the check, what was found and what to do.
    public var description: String {
        let mark = switch verdict {
        case .ok: "ok     "
        case .warning: "WARNING"
        case .problem: "PROBLEM"
        }
        let padded = check.padding(toLength: 10, withPad: " ", startingAt: 0)
        return "\(mark) \(padded) \(detail)" + (advice.map { ". \($0)" } ?? "")
    }
}
