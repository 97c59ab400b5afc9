import Hummingbird
import QuireCore

/// Reads a `multipart/form-data` body that carries a file: the size is checked from
/// `Content-Length` first and again while the body streams in, so an upload over the limit is
/// refused (`MediaRefusal.tooLarge`, 413) without reading the rest.
enum UploadForm {
    /// Room for the form's other fields and the part headers, beside the file itself.
    static let allowanceForFields = 64 * 1024

    /// Reads a form of up to `files` files of `maxFileBytes` each and `fieldBytes` of other fields.
    static func read(_ request: Request, maxFileBytes: Int, files: Int = 1, fieldBytes: Int = allowanceForFields) async throws -> FormFields {
        let limit = maxFileBytes * files + fieldBytes
        // Known from the headers: no body of the wrong kind is read.
        guard request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true else {
            throw HTTPError(.unsupportedMediaType, message: "Send the file as multipart/form-data, in a field named file.")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw MediaRefusal.tooLarge(maxBytes: maxFileBytes)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw MediaRefusal.tooLarge(maxBytes: maxFileBytes)
        }
        do {
            return try FormFields.parse(Array(buffer: body), contentType: request.headers[.contentType])
        } catch .unsupportedMediaType {
            throw HTTPError(.unsupportedMediaType, message: "Send the file as multipart/form-data, in a field named file.")
        } catch .malformed(let problem) {
            throw HTTPError(.badRequest, message: "The form could not be read: \(problem).")
        }
    }
}

extension MediaRefusal {
    /// 413 for a file over the size limit, 415 for one that is not an accepted image, 422 for an
    /// accepted type that can't be used.
    var status: HTTPResponse.Status {
        switch self {
        case .tooLarge: .contentTooLarge
        case .unsupportedType: .unsupportedMediaType
        case .undecodable, .tooManyPixels: .unprocessableContent
        }
    }
}
