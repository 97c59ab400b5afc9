import Foundation
import Hummingbird

extension Request {
    /// The body another server POSTs (an activity, a Webmention), or the problem that answers
    /// it: 415 unless its media type is one of `mediaTypes`, 413 past `limit` bytes. Each
    /// message says what to send: `expected` names the form ("an activity as
    /// application/activity+json") and `limitText` the size ("1 MiB").
    func serverBody(mediaTypes: Set<String>, expected: String, limit: Int, limitText: String) async throws -> Result<[UInt8], Problem> {
        let mediaType = headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let mediaType, mediaTypes.contains(mediaType) else { return .failure(Problem(.unsupportedMediaType, "Send \(expected).")) }
        do {
            return .success(Array(buffer: try await body.collect(upTo: limit)))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return .failure(Problem(.contentTooLarge, "The body can be at most \(limitText)."))
        }
    }
}
