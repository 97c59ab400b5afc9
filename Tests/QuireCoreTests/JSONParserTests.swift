import Foundation
import Testing

@testable import QuireCore

/// `JSONValue.parse` reads exactly RFC 8259 JSON: every JSON5 or JavaScript extension is refused.
@Suite struct JSONParserTests {
    @Test func readsEveryKindOfValue() throws {
        let text = #" {"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00", "n": -12.5e2, "z": 0, "f": 0.25, "t": true, "no": false, "x": null, "a": [1, [], {}], "o": {"k": "v"}} "#
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(value == .object([
            "s": .string("a\"b\\c/d\u{08}\u{0C}\n\r\té😀"),
            "n": .number(-1250),
            "z": .number(0),
            "f": .number(0.25),
            "t": .bool(true),
            "no": .bool(false),
            "x": .null,
            "a": .array([.number(1), .array([]), .object([:])]),
            "o": .object(["k": .string("v")]),
        ]))
    }

    @Test(arguments: ["null", "true", "\"text\"", "-0", "1E+2", "[]", "\u{FEFF}{}", "{\"a\":1,\"a\":2}"])
    func topLevelValuesAByteOrderMarkAndRepeatedNamesAreAccepted(text: String) throws {
        let value = try JSONValue.parse(Array(text.utf8))
        if text.hasPrefix("{\"a\"") { #expect(value == .object(["a": .number(2)])) }
    }

    /// Texts that are not RFC 8259 JSON, and the problem each is refused with.
    static let refusedTexts: [(String, String)] = [
        (#"{"author_name": "x",}"#, "a comma before '}'"),
        (#"[1, 2,]"#, "a comma before ']'"),
        (#"{"a": 1 /* note */}"#, "',' or '}' expected"),
        ("{\"a\": 1} // note", "unexpected text after the JSON value"),
        ("{\"a\": 1, # note\n}", "a name in double quotes expected"),
        (#"{'a': 1}"#, "a name in double quotes expected"),
        (#"{"a": 'x'}"#, "unexpected character '''"),
        (#"{a: 1}"#, "a name in double quotes expected"),
        (#"{"a": NaN}"#, "unexpected character 'N'"),
        (#"{"a": Infinity}"#, "unexpected character 'I'"),
        (#"{"a": -Infinity}"#, "a digit expected"),
        (#"{"a": 0x1F}"#, "',' or '}' expected"),
        (#"{"a": +1}"#, "unexpected character '+'"),
        (#"{"a": .5}"#, "unexpected character '.'"),
        (#"{"a": 5.}"#, "a digit expected"),
        (#"{"a": 01}"#, "a number can't start with 0"),
        (#"{"a": 1e999}"#, "the number 1e999 is too large"),
        ("{\"a\": \"line\\\nbreak\"}", "an unknown escape \\byte 0xA"),
        ("{\"a\": \"tab\there\"}", "a control character in a string must be escaped"),
        (#"{"a": "\ud800"}"#, #"a lone surrogate in a \u escape"#),
        (#"{"a": "\x41"}"#, "an unknown escape \\'x'"),
        (#"{"a": 1"#, "',' or '}' expected"),
        (#"{"a": "open"#, "a string is not closed"),
        ("", "the text ends where a value should be"),
        ("{} {}", "unexpected text after the JSON value"),
        ("[tru]", "unexpected character 't'"),
        (#"["\ud800\u0041"]"#, #"a lone surrogate in a \u escape"#),
        (#"["\udc00"]"#, #"a lone surrogate in a \u escape"#),
        ("[1e+]", "a digit expected"),
        ("[-]", "a digit expected"),
    ]

    @Test(arguments: refusedTexts)
    func extensionsAndMistakesAreRefused(text: String, problem: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(text.utf8)) }
        do {
            _ = try JSONValue.parse(Array(text.utf8))
        } catch {
            #expect(error.problem == problem)
        }
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse([0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: JSONSyntaxError(problem: "the text is UTF-16; JSON must be UTF-8", line: 1, column: 1)) {
            try JSONValue.parse([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00])
        }
        let deep = String(repeating: "[", count: JSONValue.maxDepth + 1) + String(repeating: "]", count: JSONValue.maxDepth + 1)
        #expect(throws: JSONSyntaxError(problem: "nested more than 512 levels deep", line: 1, column: 513)) { try JSONValue.parse(Array(deep.utf8)) }
        let deepest = String(repeating: "[", count: JSONValue.maxDepth) + String(repeating: "]", count: JSONValue.maxDepth)
        #expect(throws: Never.self) { try JSONValue.parse(Array(deepest.utf8)) }
    }

    @Test func errorsSayTheLineAndColumn() {
        #expect(throws: JSONSyntaxError(problem: "a comma before '}'", line: 3, column: 1)) {
            try JSONValue.parse(Array("{\n  \"é\": 1,\n}".utf8))
        }
    }
}
