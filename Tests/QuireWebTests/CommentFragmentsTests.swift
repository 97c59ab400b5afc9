import Foundation
import Testing

@testable import QuireWeb

/// Rendered comments kept by digest: found again only when everything shown is the same.
@Suite struct CommentFragmentsTests {
    @Test func theSameFieldsAndRepliesAreRenderedOnceAndAnyDifferenceIsAnotherDigest() {
        let fragments = CommentFragments()
        var renders = 0
        let render = { (html: String) -> String in renders += 1; return html }
        let reply = CommentFragments.digest(fields: ["2", "Kid"], replies: [])
        let parent = CommentFragments.digest(fields: ["1", "Ann", "Hello"], replies: [reply])
        #expect(fragments.html(for: parent) { render("<li>1</li>") } == "<li>1</li>")
        #expect(fragments.html(for: parent) { render("never") } == "<li>1</li>")
        #expect(renders == 1)
        // Another reply below, an edited body, or fields that only read alike when joined:
        let otherReply = CommentFragments.digest(fields: ["3", "Eve"], replies: [])
        #expect(CommentFragments.digest(fields: ["1", "Ann", "Hello"], replies: [reply, otherReply]) != parent)
        #expect(CommentFragments.digest(fields: ["1", "Ann", "Hello!"], replies: [reply]) != parent)
        #expect(CommentFragments.digest(fields: ["1", "AnnHello", ""], replies: [reply]) != parent)
    }

    @Test func pastTheBudgetTheOldestGoFirst() {
        let fragments = CommentFragments(budget: 8 * 200)
        let digests = (0..<20).map { CommentFragments.digest(fields: [String($0)], replies: []) }
        for (number, digest) in digests.enumerated() {
            _ = fragments.html(for: digest) { String(repeating: "x", count: 150) + String(number) }
        }
        var renderedAgain: [Int] = []
        for (number, digest) in digests.enumerated().reversed() {
            _ = fragments.html(for: digest) { renderedAgain.append(number); return "" }
        }
        #expect(renderedAgain.contains(0))
        #expect(!renderedAgain.contains(19))
    }
}
