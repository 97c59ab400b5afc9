import Foundation

extension FormFields {
    /// Why a form body could not be read.
    enum ParseError: Error, Equatable {
        /// Neither `application/x-www-form-urlencoded` nor `multipart/form-data`.
        case unsupportedMediaType
        /// The body does not have the shape its content type promises.
        case malformed(String)
    }

    /// Reads a form body of either type an HTML form sends.
    static func parse(_ body: [UInt8], contentType: String?) throws(ParseError) -> FormFields {
        let parameters = (contentType ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        switch parameters.first?.lowercased() {
        case "application/x-www-form-urlencoded":
            return urlEncoded(body)
        case "multipart/form-data":
            let boundary = parameters.dropFirst()
                .first { $0.lowercased().hasPrefix("boundary=") }
                .map { String($0.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            guard let boundary, (1...70).contains(boundary.utf8.count) else {
                throw .malformed("a multipart/form-data body needs a boundary")
            }
            return try multipart(body, boundary: boundary)
        default:
            throw .unsupportedMediaType
        }
    }

    /// Parses `multipart/form-data` (RFC 7578): each part's `name` and its bytes; file parts (those
    /// with a `filename`) go to `files`.
    static func multipart(_ body: [UInt8], boundary: String) throws(ParseError) -> FormFields {
        let delimiter = Array("--\(boundary)".utf8)
        let nextDelimiter = Array("\r\n--\(boundary)".utf8)
        let headerEnd = Array("\r\n\r\n".utf8)
        guard var position = body.firstRange(of: delimiter)?.upperBound else {
            throw .malformed("the multipart body has no boundary line")
        }
        var values: [String: [UInt8]] = [:]
        var repeated: [String: [[UInt8]]] = [:]
        var files: [String: UploadedFile] = [:]
        while true {
            let rest = body[position...]
            if rest.starts(with: Array("--".utf8)) { break }
            // The part's headers end with a blank line after the boundary line's own line break.
            guard rest.starts(with: Array("\r\n".utf8)), let headersRange = rest.firstRange(of: headerEnd),
                  headersRange.lowerBound >= position + 2
            else {
                throw .malformed("a multipart part has no headers")
            }
            let headers = String(decoding: body[(position + 2)..<headersRange.lowerBound], as: UTF8.self)
            let contentStart = headersRange.upperBound
            guard let end = body[contentStart...].firstRange(of: nextDelimiter) else {
                throw .malformed("the multipart body ends before its closing boundary")
            }
            if let (name, filename) = Self.disposition(inPartHeaders: headers) {
                let value = Array(body[contentStart..<end.lowerBound])
                if let filename {
                    // An empty file input still sends a part, with no name and no bytes.
                    if files[name] == nil, !(filename.isEmpty && value.isEmpty) {
                        files[name] = UploadedFile(filename: filename, bytes: value)
                    }
                } else {
                    if values[name] == nil { values[name] = value }
                    repeated[name, default: []].append(value)
                }
            }
            position = end.upperBound
        }
        return FormFields(values: values, repeated: repeated, files: files)
    }

    /// The `name` of a `Content-Disposition: form-data` part, and its `filename` when it is a file.
    private static func disposition(inPartHeaders headers: String) -> (name: String, filename: String?)? {
        for line in headers.split(separator: "\r\n") {
            let parts = line.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first?.lowercased().hasPrefix("content-disposition:") == true else { continue }
            func parameter(_ key: String) -> String? {
                parts.dropFirst().first { $0.lowercased().hasPrefix("\(key)=") }.map {
                    String($0.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            guard let name = parameter("name") else { return nil }
            return (name, parameter("filename"))
        }
        return nil
    }
}
