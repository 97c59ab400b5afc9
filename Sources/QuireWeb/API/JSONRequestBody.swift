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

/// The members of a JSON object body, read with their kinds checked (`JSONMembers`); every
/// problem is collected, as `must be …`, so a 422 names each bad field at once.
struct JSONFields {
    let members: JSONMembers
    private(set) var errors: [String: String] = [:]

    /// A body that is not an object has no members: each required key is then reported missing.
    init(_ value: JSONValue) {
        guard case .object(let members) = value else {
            self.members = JSONMembers([:], nullIsAbsent: true)
            return
        }
        self.members = JSONMembers(members, nullIsAbsent: true)
    }

    init(_ members: JSONMembers) {
        self.members = members
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        read(key, required: required) { members throws(FieldMismatch) in try members.string(key) }
    }

    /// A positive whole number, such as an id.
    mutating func integer(_ key: String) -> Int64? {
        let value = read(key) { members throws(FieldMismatch) in try members.wholeNumber(key) }
        guard errors[key] == nil, value.map({ $0 > 0 }) != false else {
            errors[key] = "must be a positive whole number"
            return nil
        }
        return value
    }

    mutating func bool(_ key: String) -> Bool? {
        read(key) { members throws(FieldMismatch) in try members.bool(key) }
    }

    mutating func strings(_ key: String) -> [String]? {
        read(key) { members throws(FieldMismatch) in try members.strings(key) }
    }

    /// An RFC 3339 date, such as `2026-05-01T09:00:00Z`.
    mutating func date(_ key: String) -> Date? {
        guard let text = string(key) else { return nil }
        guard let date = RFC3339.date(from: text) else {
            errors[key] = "must be an RFC 3339 date such as 2026-05-01T09:00:00Z"
            return nil
        }
        return date
    }

    /// A nested object's members, or nil when absent or null.
    mutating func object(_ key: String) -> JSONFields? {
        read(key) { members throws(FieldMismatch) in try members.object(key) }.map(JSONFields.init)
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

    private mutating func read<T>(_ key: String, required: Bool = false, _ body: (JSONMembers) throws(FieldMismatch) -> T?) -> T? {
        do {
            let value = try body(members)
            if value == nil, required { errors[key] = "is required" }
            return value
        } catch {
            errors[key] = "must be \(error.expected)"
            return nil
        }
    }
}
