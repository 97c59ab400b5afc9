import QuireCore

/// The fields of a submitted HTML form, as raw bytes, so a field that is not valid UTF-8 can be
/// reported next to its input instead of failing the whole request.
struct FormFields: Sendable, Equatable {
    /// Each field's first value.
    var values: [String: [UInt8]]
    /// Every value of each field, in order, for fields that a form repeats (a checkbox per row).
    var repeated: [String: [[UInt8]]] = [:]
    /// The files of a `multipart/form-data` form, by field name (the first of each); a file input
    /// left empty sends none.
    var files: [String: UploadedFile] = [:]

    /// A file sent in a form: the name the sender gave it, never trusted for its type, and its bytes.
    struct UploadedFile: Sendable, Equatable {
        var filename: String
        var bytes: [UInt8]
    }

    /// A field as text: the value, and whether its bytes were valid UTF-8 (invalid bytes are
    /// shown as U+FFFD when the value is given back to the reader).
    func text(_ name: String) -> (value: String, isValid: Bool) {
        guard let bytes = values[name] else { return ("", true) }
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    /// Every value given for a field, each as text (invalid UTF-8 shown as U+FFFD).
    func texts(_ name: String) -> [String] {
        (repeated[name] ?? []).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Parses `application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte; a malformed
    /// escape is kept as typed.
    static func urlEncoded(_ body: [UInt8]) -> FormFields {
        var values: [String: [UInt8]] = [:]
        var repeated: [String: [[UInt8]]] = [:]
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(decoding: percentDecoded(parts[0]), as: UTF8.self)
            let value = parts.count > 1 ? percentDecoded(parts[1]) : []
            if values[name] == nil { values[name] = value }
            repeated[name, default: []].append(value)
        }
        return FormFields(values: values, repeated: repeated)
    }

    static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                result.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = bytes[index + 1].hexDigitValue, let low = bytes[index + 2].hexDigitValue
            {
                result.append(high << 4 | low)
                index += 3
                continue
            } else {
                result.append(byte)
            }
            index += 1
        }
        return result
    }
}
