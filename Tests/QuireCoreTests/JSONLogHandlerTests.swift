import Foundation
import Logging
import QuireCore
import Synchronization
import Testing

@Suite struct JSONLogHandlerTests {
    @Test func eachLineIsOneJSONObjectWithItsMetadataAsFields() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "quire.test") { label in JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } } }
        logger[metadataKey: "process"] = "one"
        logger.info("A \"quoted\"\nline\u{1}", metadata: ["count": .stringConvertible(3), "ratio": .stringConvertible(0.5), "ok": .stringConvertible(true), "name": "x", "list": ["a", "b"]])
        logger.debug("below the level")
        let logged = lines.withLock { $0 }
        #expect(logged.count == 1)
        #expect(logged[0].hasSuffix("}\n") && logged[0].filter { $0 == "\n" }.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(logged[0].utf8)) as? [String: Any])
        #expect(object["message"] as? String == "A \"quoted\"\nline\u{1}")
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "quire.test")
        #expect(object["count"] as? Int == 3)
        #expect(object["ratio"] as? Double == 0.5)
        #expect(object["ok"] as? Bool == true)
        #expect(object["name"] as? String == "x")
        #expect(object["list"] as? [String] == ["a", "b"])
        #expect(object["process"] as? String == "one")
        let time = try #require(object["time"] as? String)
        #expect(try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time) <= Date())
    }
}
