import Foundation
import QuireCore

/// A media as the API gives it (docs/api.md, "Media"): URLs absolute, the full size first in `sizes`.
struct MediaJSON: Encodable, Sendable {
    struct Size: Encodable, Sendable {
        var width: Int
        var url: String
        var type: String
    }

    var id: Int64
    var url: String
    var width: Int
    var height: Int
    var alt: String
    var type: String
    var bytes: Int
    var createdAt: String
    var sizes: [Size]

    enum CodingKeys: String, CodingKey {
        case id, url, width, height, alt, type, bytes, sizes
        case createdAt = "created_at"
    }

    init(_ media: Media, baseURL: String) {
        id = media.id
        url = baseURL + media.url
        width = media.width
        height = media.height
        alt = media.alt
        type = media.format.rawValue
        bytes = media.bytes
        createdAt = RFC3339.string(media.createdAt)
        sizes = media.sizes.map { Size(width: $0.width, url: baseURL + $0.url, type: $0.format.rawValue) }
    }

    struct Body: Encodable, Sendable {
        var media: MediaJSON
    }
}
