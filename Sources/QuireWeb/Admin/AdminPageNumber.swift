import Hummingbird

extension Request {
    /// An admin list's `?page=N`: 1 when absent or not a positive number, and at most 100,000,
    /// so no page number can overflow the arithmetic of offsets and links.
    var adminPageNumber: Int {
        let asked = uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1
        return min(max(asked, 1), 100_000)
    }
}
