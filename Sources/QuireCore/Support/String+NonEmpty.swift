import Foundation

extension String {
    /// The string, or nil when it is empty or only white space.
    public var nonEmpty: String? {
        trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self
    }
}
