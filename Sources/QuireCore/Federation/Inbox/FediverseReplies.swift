import Foundation

/// Fediverse replies as comments (docs/federation.md, "Replies"): a `Create` of a Note whose
/// `inReplyTo` is a public post's URL (or one of its comments', `#comment-ID`) becomes a comment
/// under the blog's usual rules (moderation, links, blocklist, length, rate limit per actor),
/// written by the actor's name and `@handle@host`, linked to their profile. The Note's id must be
/// on its author's server. An `Update` of the Note edits it (and holds it again if the edit
/// breaks a moderation rule) and a `Delete` removes it, from its author only.
struct FediverseReplies: Sendable {
    let store: any FederationStore
    let posts: any PostStore
    let comments: any CommentStore
    let addresses: FederationAddresses
    let clock: WallClock

    func create(_ note: JSONValue, from signer: RemoteActor) async throws -> InboxProcessor.Outcome {
        guard let objectID = note["id"]?.string, note["attributedTo"]?.reference.map({ $0 == signer.uri }) ?? true else {
            return .ignored("a Note without an id, or by someone else")
        }
        guard Self.sameHost(objectID, signer.uri) else { return .ignored("a Note whose id is on another server than its author") }
        guard let answered = note["inReplyTo"]?.reference, let (slug, parentID) = addresses.place(of: answered) else { return .ignored("a Note that answers nothing here") }
        let now = clock.now()
        guard let post = try await posts.publicPost(slug: slug, now: now)?.post else { return .ignored("a reply to a post that isn't public") }
        if try await store.replyComment(objectID: objectID, actorURI: signer.uri) != nil { return .ignored("a reply already taken") }
        let draft = CommentDraft(
            authorName: authorName(signer), authorEmail: account(signer), authorURL: signer.profileURL,
            body: Self.text(ofNoteHTML: note["content"]?.string ?? "", addresses: addresses), parentID: parentID,
            clientHash: CommentDraft.remoteClientHash("fediverse", of: signer.uri),
            origin: .api, userAgent: "ActivityPub"
        )
        switch try await comments.submit(draft, to: post, now: now) {
        case .stored(let comment):
            guard try await store.recordReply(objectID: objectID, commentID: comment.id ?? 0, actorURI: signer.uri) else {
                // The same Note, delivered twice at once, was taken by the other delivery.
                try await comments.delete(id: comment.id ?? 0)
                return .ignored("a reply already taken")
            }
            return .replied(comment.status)
        case .refused(let refusal):
            return .ignored("a reply refused: \(refusal)")
        }
    }

    func update(_ note: JSONValue, from signer: RemoteActor) async throws -> InboxProcessor.Outcome {
        guard let objectID = note["id"]?.string, let commentID = try await store.replyComment(objectID: objectID, actorURI: signer.uri) else {
            return .ignored("an Update of nothing the blog keeps")
        }
        let body = Self.text(ofNoteHTML: note["content"]?.string ?? "", addresses: addresses)
        guard !body.isEmpty else { return .ignored("an Update to an empty reply") }
        do {
            // The comment form's rules (length, control characters) hold for an edit too, and an
            // edit that adds too many links or a blocked word is held again.
            try await comments.edit(id: commentID, body: body, authorName: authorName(signer), authorURL: signer.profileURL)
            try await comments.holdIfContentRulesBroken(id: commentID, body: body, authorName: authorName(signer), authorEmail: account(signer), authorURL: signer.profileURL)
        } catch StoreError.invalid(_, let message) {
            return .ignored("an Update refused: \(message)")
        }
        return .replyEdited
    }

    func delete(objectID: String, from signer: RemoteActor) async throws -> InboxProcessor.Outcome {
        guard let commentID = try await store.replyComment(objectID: objectID, actorURI: signer.uri) else { return .ignored("a Delete of nothing the blog keeps") }
        try await comments.delete(id: commentID)
        return .replyDeleted
    }

    /// Whether two URLs are on one host (an object is its author's server's to make).
    static func sameHost(_ first: String, _ second: String) -> Bool {
        guard let one = URL(string: first)?.host?.lowercased(), let other = URL(string: second)?.host?.lowercased() else { return false }
        return one == other
    }

    /// "Ann Example (@ann@social.example)": the name and where they write from, within the
    /// comment form's limit on names.
    private func authorName(_ actor: RemoteActor) -> String {
        let name = actor.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let full = name.isEmpty ? actor.account : "\(name) (\(actor.account))"
        return String(full.filter { !$0.isNewline }.prefix(CommentValidator.maxNameLength))
    }

    /// `handle@host`, which stands in the comment's email field: it keys "hold the first comment"
    /// to the account, and is never shown.
    private func account(_ actor: RemoteActor) -> String {
        String(actor.account.dropFirst())
    }

    /// A Note's HTML as a comment's text: paragraphs and line breaks kept, tags dropped, and the
    /// leading mention of the blog (`@blog`, `@blog@host`) taken off.
    static func text(ofNoteHTML html: String, addresses: FederationAddresses) -> String {
        var marked = html
        for (tag, mark) in [("</p>", "\u{E000}"), ("<br>", "\u{E001}"), ("<br/>", "\u{E001}"), ("<br />", "\u{E001}")] {
            marked = marked.replacingOccurrences(of: tag, with: mark, options: .caseInsensitive)
        }
        var text = HTMLText.plainText(fromHTML: marked)
            .replacingOccurrences(of: "\u{E000}", with: "\n\n").replacingOccurrences(of: "\u{E001}", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for mention in ["@\(addresses.handle)@\(addresses.host)", "@\(addresses.handle)"] where text.lowercased().hasPrefix(mention.lowercased()) {
            text = String(text.dropFirst(mention.count)).trimmingCharacters(in: .whitespacesAndNewlines)
            break
        }
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return text
    }
}
