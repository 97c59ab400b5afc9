/// Why a text is not RFC 8259 JSON, and where.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    public var problem: String
    public var line: Int
    public var column: Int

    public var description: String { "\(problem) at line \(line), column \(column)" }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects taken, as Foundation's own parser allows.
    public static let maxDepth = 512

    /// Parses UTF-8 text that is exactly RFC 8259 JSON: no trailing commas, comments, single
    /// quotes, unquoted keys, `NaN`, `Infinity`, hexadecimal, leading `+` or zeros, control
    /// characters in strings, lone surrogates or invalid UTF-8. A leading byte order mark is
    /// ignored (RFC 8259 §8.1 allows it); a name given twice keeps its last value.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes))
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        if parser.bytes.starts(with: [0xFE, 0xFF]) || parser.bytes.starts(with: [0xFF, 0xFE]) {
            throw parser.error("the text is UTF-16; JSON must be UTF-8")
        }
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }
}

/// A recursive-descent reader of the RFC 8259 grammar.
private struct JSONParser {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw error("the text ends where a value should be") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character \(Self.describe(byte))")
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if try enter(depth: depth, closing: "}") { return .object(members) }
        repeat {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error(peek() == UInt8(ascii: "}") ? "a comma before '}'" : "a name in double quotes expected")
            }
            let name = try string()
            skipWhitespace()
            try expect(":", "':' expected after a name")
            members[name] = try value(depth: depth)
        } while try continues(closing: "}")
        return .object(members)
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        var items: [JSONValue] = []
        if try enter(depth: depth, closing: "]") { return .array(items) }
        repeat {
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { throw error("a comma before ']'") }
            items.append(try value(depth: depth))
        } while try continues(closing: "]")
        return .array(items)
    }

    /// After a member or item: true when a comma says another follows, false when the closing
    /// bracket ends the container (stepped over).
    private mutating func continues(closing: Unicode.Scalar) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: ",") {
            index += 1
            return true
        }
        try expect(closing, "',' or '\(closing)' expected")
        return false
    }

    /// Steps over the `{` or `[` that opens a container nested `depth` deep; true when it is
    /// empty, its closing bracket stepped over too.
    private mutating func enter(depth: Int, closing: Unicode.Scalar) throws(JSONSyntaxError) -> Bool {
        guard depth <= JSONValue.maxDepth else { throw error("nested more than \(JSONValue.maxDepth) levels deep") }
        index += 1
        skipWhitespace()
        guard peek() == UInt8(ascii: closing) else { return false }
        index += 1
        return true
    }

    /// A string, its escapes decoded; the bytes between escapes must be valid UTF-8.
    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("a string is not closed") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: text, as: UTF8.self) else { throw error("a string holds bytes that are not UTF-8") }
                return string
            case UInt8(ascii: "\\"):
                text += try escape()
            case 0..<0x20:
                throw error("a control character in a string must be escaped")
            default:
                text.append(byte)
            }
        }
    }

    /// The UTF-8 bytes of one escape after its backslash.
    private mutating func escape() throws(JSONSyntaxError) -> [UInt8] {
        guard let byte = peek() else { throw error("a string is not closed") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return [byte]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "u"):
            var code = UInt32(try hex4())
            if (0xD800..<0xDC00).contains(code) {
                guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("a lone surrogate in a \\u escape")
                }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00..<0xE000).contains(low) else { throw error("a lone surrogate in a \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("a lone surrogate in a \\u escape") }
            return Array(String(Character(scalar)).utf8)
        default:
            throw error("an unknown escape \\\(Self.describe(byte))")
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = byte.hexDigitValue else { throw error("\\u needs four hexadecimal digits") }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite.
    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
            if let next = peek(), Self.isDigit(next) { throw error("a number can't start with 0") }
        } else {
            try digits()
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw error("the number \(text.prefix(40)) is too large") }
        return number
    }

    private mutating func digits() throws(JSONSyntaxError) {
        guard let first = peek(), Self.isDigit(first) else { throw error("a digit expected") }
        while let byte = peek(), Self.isDigit(byte) { index += 1 }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        guard bytes[index...].starts(with: word.utf8) else { throw error("unexpected character \(Self.describe(bytes[index]))") }
        index += word.utf8.count
        return value
    }

    private mutating func expect(_ character: Unicode.Scalar, _ problem: String) throws(JSONSyntaxError) {
        guard peek() == UInt8(ascii: character) else { throw error(problem) }
        index += 1
    }

    mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// An error at the current position, counted in lines and characters.
    func error(_ problem: String) -> JSONSyntaxError {
        let before = bytes[..<min(index, bytes.count)]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).count + 1
        return JSONSyntaxError(problem: problem, line: line, column: column)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}
