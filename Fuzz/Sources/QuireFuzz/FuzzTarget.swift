import Foundation
import GRDB
@testable import QuireCore
@testable import QuireWeb

/// One parser of outside input and what must hold for any input: it returns or throws its own
/// error, never traps; where a property is cheap to state, it is checked too (a failed check
/// stops the fuzzer like a crash).
struct FuzzTarget: Sendable {
    let run: @Sendable ([UInt8]) -> Void

    /// The target this run fuzzes, set once before libFuzzer starts.
    nonisolated(unsafe) static var chosen: FuzzTarget?

    /// Every target by the name QUIRE_FUZZ_TARGET gives it (and its corpus folder's name).
    static let all: [String: FuzzTarget] = [
        "form": FuzzTarget { bytes in
            _ = try? FormFields.parse(bytes, contentType: "application/x-www-form-urlencoded")
        },
        "multipart": FuzzTarget { bytes in
            // The first line is the boundary, as a Content-Type names it; the rest is the body.
            let (boundary, body) = split(bytes)
            _ = try? FormFields.parse(Array(body), contentType: "multipart/form-data; boundary=\(text(boundary))")
        },
        "json": FuzzTarget { bytes in
            guard let value = try? JSONValue.parse(bytes) else { return }
            var fields = JSONFields(value)
            _ = fields.string("title")
            _ = fields.integer("parent_id")
            _ = fields.bool("draft")
            _ = fields.strings("tags")
            _ = fields.date("published_at")
            _ = fields.object("featured_image")
            _ = try? fields.validate()
        },
        "cursor": FuzzTarget { bytes in
            guard let cursor = KeysetCursor(encoded: text(bytes)) else { return }
            check(KeysetCursor(encoded: cursor.encoded) == cursor, "a cursor read back is the same cursor")
        },
        "search": FuzzTarget { bytes in
            guard let query = SearchQuery(text(bytes)) else { return }
            check(query.terms.count <= SearchQuery.maxTerms, "at most maxTerms terms")
            // The expression reaches FTS5 itself: it must never be a syntax error.
            do {
                _ = try searchDatabase.read { db in
                    try Row.fetchAll(db, sql: "SELECT rowid FROM post_search WHERE post_search MATCH ?", arguments: [query.matchExpression])
                }
            } catch {
                check(false, "FTS5 refused \(query.matchExpression): \(error)")
            }
        },
        "frontmatter": FuzzTarget { bytes in
            guard let document = try? FrontMatterDocument(text: text(bytes)) else { return }
            _ = MarkdownRenderer().render(document.draft.bodyMarkdown)
        },
        "markdown": FuzzTarget { bytes in
            _ = MarkdownRenderer().render(text(bytes))
        },
        "comment": FuzzTarget { bytes in
            let html = CommentText.html(text(bytes))
            // What a reader typed is text: the only elements are the renderer's own.
            let names = Set(HTMLTags.startTags(in: html).map(\.name))
            check(names.isSubset(of: ["p", "br", "a"]), "comment HTML holds only p, br and a, not \(names)")
        },
        "wordpress": FuzzTarget { bytes in
            _ = try? WXRReader.read(.data(Data(bytes))) { element in
                _ = try? WXRExport.item(element)
            }
        },
        "image": FuzzTarget { bytes in
            guard let header = try? ImageHeader(reading: bytes) else { return }
            check(header.width > 0 && header.height > 0 && header.frames > 0, "a header read has pixels")
        },
        "signature": FuzzTarget { bytes in
            // Three lines: a draft-cavage Signature field, then RFC 9421's Signature-Input and Signature.
            let lines = text(bytes).split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            _ = try? CavageSignature(header: lines[0])
            let message = SignedMessage(
                method: "POST", target: "/activitypub/inbox",
                fields: [
                    ("host", "blog.example"), ("date", "Thu, 03 Dec 2026 10:00:00 GMT"),
                    ("signature-input", lines.count > 1 ? lines[1] : ""), ("signature", lines.count > 2 ? lines[2] : ""),
                ]
            )
            if let signatures = try? MessageSignature.all(in: message) {
                for signature in signatures { _ = try? signature.signatureBase(for: message) }
            }
        },
        "activity": FuzzTarget { bytes in
            guard let activity = try? JSONValue.parse(bytes) else { return }
            _ = activity.types
            _ = activity["actor"]?.reference
            _ = activity["object"]?.references
            if let object = activity["object"], let content = object["content"]?.string {
                _ = FediverseReplies.text(ofNoteHTML: content, addresses: addresses)
            }
        },
        "webmention": FuzzTarget { bytes in
            // A Link field's value on the first line; the page's HTML after it.
            let (link, body) = split(bytes)
            let field = text(link)
            _ = LinkHeader.links(in: field)
            let html = text(body)
            _ = WebmentionDiscovery.endpoint(pageURL: "https://site.example/a/page", linkFields: [field], body: html, isHTML: true)
            _ = WebmentionSource(pageURL: "https://site.example/a/page", body: html, isHTML: true)
            _ = WebmentionSource.outgoingLinks(inPostHTML: html, pageURL: "https://blog.example/posts/x", ownHost: "blog.example")
        },
    ]

    /// A migrated in-memory database, for the search target's FTS5 queries.
    static let searchDatabase: any DatabaseReader = try! AppDatabase.inMemory().reader

    static let addresses = FederationAddresses(site: QuireConfig().site, federation: QuireConfig().federation)
}

/// The input as text, as a server reads it: invalid UTF-8 replaced.
func text(_ bytes: some Collection<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// The input up to its first newline, and the rest.
func split(_ bytes: [UInt8]) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
    guard let newline = bytes.firstIndex(of: 0x0A) else { return (bytes[...], []) }
    return (bytes[..<newline], bytes[(newline + 1)...])
}

/// Stops the fuzzer with the property that failed, as a crash does: libFuzzer keeps the input.
func check(_ condition: @autoclosure () -> Bool, _ property: String) {
    if !condition() {
        FileHandle.standardError.write(Data("quire-fuzz: property failed: \(property)\n".utf8))
        abort()
    }
}
