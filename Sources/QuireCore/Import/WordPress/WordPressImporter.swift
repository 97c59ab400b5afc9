import Foundation
import GRDB

/// Brings a WordPress export (WXR) into the database in one transaction: posts, drafts and
/// scheduled posts with their dates, slugs, tags, categories (as tags) and featured images, and
/// their comments with threading, authors, dates and status. Pages are skipped. What an earlier
/// import of the same site brought in is recognised by its WordPress id and not added again.
public struct WordPressImporter: Sendable {
    let database: AppDatabase
    let posts: PostStore

    public init(database: AppDatabase, defaultAuthor: String) {
        self.database = database
        var posts = PostStore(database: database, defaultAuthor: defaultAuthor)
        posts.keywords = .deferred
        self.posts = posts
    }

    /// Reads the whole file first: a file that is not WXR, or is cut short, imports nothing. The
    /// related-post keywords of what came in are computed at the end, for all posts at once.
    public func importExport(_ data: Data, now: Date) async throws -> WordPressImportReport {
        let export = try WXRExport(parsing: data)
        let report = try await database.writer.write { [posts] db in
            var run = ImportRun(export: export, posts: posts, now: now)
            try run.importAll(db)
            return run.report
        }
        try await PostKeywords.refreshStale(in: database)
        return report
    }
}

/// One import in progress, inside its transaction.
private struct ImportRun {
    let export: WXRExport
    let posts: PostStore
    let now: Date
    var report = WordPressImportReport()

    init(export: WXRExport, posts: PostStore, now: Date) {
        self.export = export
        self.posts = posts
        self.now = now
    }

    mutating func importAll(_ db: Database) throws {
        let attachments = Dictionary(export.items.filter { $0.type == "attachment" }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for item in export.items {
            switch item.type {
            case "post":
                guard let status = Self.status(of: item) else {
                    report.otherItemsSkipped += 1
                    continue
                }
                let postID = try importPost(item, status: status, attachments: attachments, db)
                try importComments(of: item, postID: postID, db)
            case "page":
                report.pagesSkipped += 1
            default:
                report.otherItemsSkipped += 1
            }
        }
    }

    /// Quire's status for a WordPress post, or nil for one that is not to be imported.
    /// Private and pending posts become drafts: they were not public.
    static func status(of item: WXRExport.Item) -> PostStatus? {
        switch item.status {
        case "publish": .published
        case "future": item.date == nil ? .draft : .scheduled
        case "draft", "pending", "private": .draft
        default: nil  // auto-draft, trash, inherit
        }
    }

    private func key(_ kind: String, _ id: Int64) -> String {
        "wordpress|\(export.siteURL)|\(kind)|\(id)"
    }

    private func recorded(_ key: String, column: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT \(column) FROM import_record WHERE source_key = ?", arguments: [key])
    }

    private mutating func importPost(_ item: WXRExport.Item, status: PostStatus, attachments: [Int64: WXRExport.Item], _ db: Database) throws -> Int64 {
        let key = key("post", item.id)
        if let postID = try recorded(key, column: "post_id", db) {
            report.postsAlreadyImported += 1
            return postID
        }
        let draft = PostDraft(
            title: HTMLText.decodeEntities(item.title).nonEmpty ?? "Untitled",
            slug: try freeSlug(for: item, db),
            bodyMarkdown: item.content,
            bodyFormat: .html,
            excerpt: HTMLText.plainText(fromHTML: item.excerpt).nonEmpty,
            tags: Self.tagNames(item),
            status: status,
            publishedAt: status == .draft ? nil : item.date,
            featuredImage: Self.featuredImage(of: item, attachments: attachments),
            commentsOpen: item.commentsOpen,
            authorName: export.authorNames[item.creator] ?? item.creator.nonEmpty
        )
        let saved = try posts.insert(draft, now: now, db)
        guard let postID = saved.post.id else { throw StoreError.notFound }
        try db.execute(sql: "INSERT INTO import_record (source_key, post_id) VALUES (?, ?)", arguments: [key, postID])
        switch saved.post.status {
        case .published: report.publishedPosts += 1
        case .scheduled: report.scheduledPosts += 1
        case .draft: report.draftPosts += 1
        }
        return postID
    }

    /// The post's WordPress slug (percent-decoded, as WordPress stores non-ASCII slugs), or
    /// one made from the title; numbered when another post here has it.
    private mutating func freeSlug(for item: WXRExport.Item, _ db: Database) throws -> String? {
        let decoded = (item.slug.removingPercentEncoding ?? item.slug).lowercased()
        guard let wanted = Slug.isValid(decoded) ? decoded : Slug.make(from: decoded).nonEmpty else { return nil }
        for number in 1...10_000 {
            let candidate = Slug.numbered(wanted, number)
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM post WHERE slug = ?) OR EXISTS (SELECT 1 FROM post_slug_redirect WHERE old_slug = ?)", arguments: [candidate, candidate]) ?? false
            if !taken {
                if number > 1 { report.renamedSlugs.append((wanted, candidate)) }
                return candidate
            }
        }
        return nil
    }

    /// Categories and tags, as tags; WordPress's default "Uncategorized" category is left out.
    static func tagNames(_ item: WXRExport.Item) -> [String] {
        item.terms
            .filter { ($0.domain == "category" && $0.nicename != "uncategorized") || $0.domain == "post_tag" }
            .map { HTMLText.decodeEntities($0.name) }
    }

    /// The attachment `_thumbnail_id` names, with its alt text and caption (WordPress keeps an
    /// image's caption as the attachment's excerpt).
    static func featuredImage(of item: WXRExport.Item, attachments: [Int64: WXRExport.Item]) -> FeaturedImage? {
        guard let id = item.meta["_thumbnail_id"].flatMap({ Int64($0) }), let attachment = attachments[id],
            !attachment.attachmentURL.isEmpty
        else { return nil }
        return FeaturedImage(
            url: attachment.attachmentURL,
            alt: attachment.meta["_wp_attachment_image_alt"] ?? "",
            caption: HTMLText.plainText(fromHTML: attachment.excerpt).nonEmpty
        )
    }

    /// Adds the post's comments that are not here yet, parents before replies.
    private mutating func importComments(of item: WXRExport.Item, postID: Int64, _ db: Database) throws {
        var localIDs: [Int64: (id: Int64, depth: Int)] = [:]
        // Comments that will be written; a reply waits for its parent only if the parent is one.
        let placeable = Set(item.comments.filter { Self.isComment($0) && !WordPressHTML.commentText($0.content).isEmpty }.map(\.id))
        var remaining = item.comments.sorted { $0.id < $1.id }
        while !remaining.isEmpty {
            var waiting: [WXRExport.Comment] = []
            for comment in remaining {
                if placeable.contains(comment.parentID), localIDs[comment.parentID] == nil {
                    waiting.append(comment)
                    continue
                }
                if let saved = try importComment(comment, parent: localIDs[comment.parentID], postID: postID, postDate: item.date, db) {
                    localIDs[comment.id] = saved
                }
            }
            // A reply whose parent can never be placed (a cycle) stands on its own.
            if waiting.count == remaining.count {
                for comment in waiting {
                    if let saved = try importComment(comment, parent: nil, postID: postID, postDate: item.date, db) {
                        localIDs[comment.id] = saved
                    }
                }
                break
            }
            remaining = waiting
        }
    }

    static func isComment(_ comment: WXRExport.Comment) -> Bool {
        comment.type.isEmpty || comment.type == "comment"
    }

    /// Adds one comment (or finds it from an earlier import); nil when it is not a comment.
    private mutating func importComment(
        _ comment: WXRExport.Comment, parent: (id: Int64, depth: Int)?, postID: Int64, postDate: Date?, _ db: Database
    ) throws -> (id: Int64, depth: Int)? {
        let key = key("comment", comment.id)
        if let commentID = try recorded(key, column: "comment_id", db) {
            report.commentsAlreadyImported += 1
            let depth = try Int.fetchOne(db, sql: "SELECT depth FROM comment WHERE id = ?", arguments: [commentID]) ?? 1
            return (commentID, depth)
        }
        let body = WordPressHTML.commentText(comment.content)
        guard Self.isComment(comment), !body.isEmpty else {
            report.commentsSkipped += 1
            return nil
        }
        let url = comment.url.trimmingCharacters(in: .whitespaces)
        let email = comment.email.trimmingCharacters(in: .whitespaces)
        var record = Comment(
            id: nil,
            postID: postID,
            parentID: parent?.id,
            depth: (parent?.depth ?? 0) + 1,
            authorName: HTMLText.decodeEntities(comment.author).nonEmpty ?? "Anonymous",
            // WordPress may allow comments without an address; `.invalid` is reserved for such.
            authorEmail: email.firstIndex(of: "@").map { $0 > email.startIndex } == true ? email : "unknown@example.invalid",
            authorURL: url.hasPrefix("http://") || url.hasPrefix("https://") ? url : nil,
            body: body,
            status: Self.commentStatus(comment.approved),
            createdAt: comment.date ?? postDate ?? now,
            clientHash: "",
            userAgent: ""
        )
        try record.insert(db)
        guard let id = record.id else { return nil }
        try db.execute(sql: "INSERT INTO import_record (source_key, comment_id) VALUES (?, ?)", arguments: [key, id])
        report.commentsByStatus[record.status, default: 0] += 1
        return (id, record.depth)
    }

    static func commentStatus(_ approved: String) -> CommentStatus {
        switch approved {
        case "1", "approve": .approved
        case "spam": .spam
        case "trash", "post-trashed": .trash
        default: .pending
        }
    }
}
