import Hummingbird

/// The `limit` query value of a list: a whole number in range, or a 400 problem.
enum QueryLimit {
    static func parse(_ text: String?, range: ClosedRange<Int> = 1...100, default fallback: Int = 10) throws -> Int {
        guard let text else { return fallback }
        guard let limit = Int(text), range.contains(limit) else {
            throw Problem(.badRequest, "limit must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return limit
    }
}
