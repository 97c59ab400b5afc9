import Foundation
import Hummingbird
import QuireCore

/// Reads a JSON API request body: `application/json` (else 415), at most `maxSize` bytes
/// (else 413), valid JSON (else 400). What the JSON holds is checked by `JSONFields`.
enum JSONRequestBody {
    static let maxSize = 64 * 1024

    static func read(_ request: Request) async throws -> JSONValue {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw Problem(.unsupportedMediaType, "Send the body as application/json.")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxSize {
            throw Problem(.contentTooLarge, "The body can be at most 64 KiB.")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.contentTooLarge, "The body can be at most 64 KiB.")
        }
        do {
            return try JSONValue.parse(body.readableBytesView)
        } catch {
            throw Problem(.badRequest, "The body is not valid JSON: \(error).")
        }
    }
}

/// The members of a JSON object body, read with their types checked; every problem is collected
/// so a 422 names each bad field at once.
struct JSONFields {
    let members: [String: JSONValue]
    private(set) var errors: [String: String] = [:]

    /// A body that is not an object has no members: each required key is then reported missing.
    init(_ value: JSONValue) {
        if case .object(let members) = value { self.members = members } else { self.members = [:] }
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        switch members[key] {
        case .string(let value)?: return value
        case nil, .null?:
            if required { errors[key] = "is required" }
            return nil
        default:
            errors[key] = "must be a string"
            return nil
        }
    }

    mutating func integer(_ key: String) -> Int64? {
        switch members[key] {
        case .number(let number)?:
            guard let value = Int64(exactly: number), value > 0 else {
                errors[key] = "must be a positive whole number"
                return nil
            }
            return value
        case nil, .null?: return nil
        default:
            errors[key] = "must be a positive whole number"
            return nil
        }
    }

    mutating func bool(_ key: String) -> Bool? {
        switch members[key] {
        case .bool(let value)?: return value
        case nil, .null?: return nil
        default:
            errors[key] = "must be true or false"
            return nil
        }
    }

    mutating func strings(_ key: String) -> [String]? {
        switch members[key] {
        case .array(let items)?:
            var strings: [String] = []
            for item in items {
                guard case .string(let value) = item else {
                    errors[key] = "must be an array of strings"
                    return nil
                }
                strings.append(value)
            }
            return strings
        case nil, .null?: return nil
        default:
            errors[key] = "must be an array of strings"
            return nil
        }
    }

    /// An RFC 3339 date, such as `2026-05-01T09:00:00Z`.
    mutating func date(_ key: String) -> Date? {
        guard let text = string(key) else { return nil }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: withFraction)) else {
            errors[key] = "must be an RFC 3339 date such as 2026-05-01T09:00:00Z"
            return nil
        }
        return date
    }

    /// A nested object's members, or nil when absent or null.
    mutating func object(_ key: String) -> JSONFields? {
        switch members[key] {
        case .object?: return JSONFields(members[key] ?? .null)
        case nil, .null?: return nil
        default:
            errors[key] = "must be an object"
            return nil
        }
    }

    /// Records a problem found by the caller.
    mutating func reject(_ key: String, _ message: String) {
        errors[key] = message
    }

    /// Throws a 422 problem naming every field with a problem, if any has one.
    func validate() throws {
        guard errors.isEmpty else {
            throw Problem(.unprocessableContent, "Some fields are missing or have the wrong type.", errors: errors)
        }
    }
}
