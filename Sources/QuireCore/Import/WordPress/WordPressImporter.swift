import Foundation
import GRDB

/// Brings a WordPress export (WXR) into the database: posts, drafts and scheduled posts with
/// their dates, slugs, tags, categories (as tags) and featured images, pages, and their comments
/// with threading, authors, dates and status; with `uploads`, the images they show become media
/// and their addresses Quire's. Each post's and page's WordPress addresses (its permalink,
/// `/?p=ID`, `/?page_id=ID`) are kept as old addresses that redirect to it. What an earlier
/// import of the same site brought in is recognised by its WordPress id and not added again.
///
/// The file is read twice as a stream, never whole: first to check all of it (a file that is not
/// WXR, or is cut short, imports nothing) and to note the attachments that featured images name;
/// then to import its items, `batchSize` to a transaction, each batch's bodies rendered on every
/// core first. An import stopped half-way can be run again: it adds only what is missing.
public struct WordPressImporter: Sendable {
    let blog: BlogDatabase
    let defaultAuthor: String
    /// Items written in one transaction.
    var batchSize = 500

    public init(blog: BlogDatabase, defaultAuthor: String) {
        self.blog = blog
        self.defaultAuthor = defaultAuthor
    }

    public init(database: AppDatabase, defaultAuthor: String) {
        self.init(blog: .sqlite(database), defaultAuthor: defaultAuthor)
    }

    /// Imports an export held in memory, with the images of `uploads` when given.
    public func importExport(_ data: Data, uploads: Uploads? = nil, now: Date) async throws -> WordPressImportReport {
        try await importExport(from: .data(data), uploads: uploads, now: now)
    }

    /// Where the old blog's images are, and the media they go into.
    public struct Uploads: Sendable {
        public var folder: URL
        public var media: any MediaStore

        public init(folder: URL, media: any MediaStore) {
            self.folder = folder
            self.media = media
        }
    }

    /// Imports an export file, telling `onPosts` how many of its posts are done, `onImages`
    /// how many images, then `onWeights` how far the related-post weights of what came in are.
    public func importExport(
        contentsOf file: URL, uploads: Uploads? = nil, now: Date,
        onPosts: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in },
        onImages: (_ done: Int, _ total: Int) -> Void = { _, _ in },
        onWeights: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> WordPressImportReport {
        try await importExport(from: .file(file), uploads: uploads, now: now, onPosts: onPosts, onImages: onImages, onWeights: onWeights)
    }

    private func importExport(
        from source: WXRSource, uploads: Uploads? = nil, now: Date,
        onPosts: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
        onImages: (Int, Int) -> Void = { _, _ in },
        onWeights: (Int, Int) -> Void = { _, _ in }
    ) async throws -> WordPressImportReport {
        let (blog, defaultAuthor, batchSize) = (self.blog, self.defaultAuthor, self.batchSize)
        let survey = try await Self.onThreadOfItsOwn { try Survey(source, uploadsFolder: uploads?.folder) }
        var images = WordPressUploads.Outcome()
        if let uploads, let finder = survey.uploads {
            images = try await finder.bringIn(survey.uploadReferences, media: uploads.media, now: now, onImage: onImages)
        }
        let found = images
        let report = try await Self.onThreadOfItsOwn {
            var run = ImportRun(survey: survey, images: found, now: now)
            var batch: [WXRExport.Item] = []
            func write() throws {
                guard !batch.isEmpty else { return }
                let rendered = Self.renderedBodies(of: batch)
                try Self.writeBatch(into: blog, defaultAuthor: defaultAuthor) { writer in try run.importItems(batch, rendered: rendered, writer) }
                batch.removeAll(keepingCapacity: true)
                onPosts(run.postItemsDone, survey.posts)
            }
            _ = try WXRReader.read(source) { element in
                var item = try WXRExport.item(element)
                if let finder = survey.uploads, item.isPostOrPage {
                    item.content = finder.rewrite(item.content, with: found)
                }
                batch.append(item)
                if batch.count == batchSize { try write() }
            }
            try write()
            return run.report
        }
        switch blog {
        case .sqlite(let database): try await PostKeywords.refreshStale(in: database, onBatch: onWeights)
        case .postgres: _ = try await blog.refreshStaleWeights { true }
        }
        return report
    }

    /// Runs `body` with a writer on one transaction of the blog's engine.
    private static func writeBatch(into blog: BlogDatabase, defaultAuthor: String, _ body: (any WordPressImportWriter) throws -> Void) throws {
        switch blog {
        case .sqlite(let database):
            var posts = SQLitePostStore(database: database, defaultAuthor: defaultAuthor)
            posts.keywords = .deferred
            try database.writer.write { db in
                // The search index is written once for the whole batch.
                try PostSearchIndex.holdingUpdates(db) { try body(SQLiteWordPressImportWriter(posts: posts, db: db)) }
            }
        case .postgres(let database):
            try PostgresWordPressImportWriter.inTransaction(on: database, defaultAuthor: defaultAuthor, body)
        }
    }

    /// The HTML and text of each post's body, made on every core; nil for other items.
    private static func renderedBodies(of items: [WXRExport.Item]) -> [MarkdownRenderer.Rendered?] {
        let results = RenderedBodies(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            guard items[index].isPostOrPage else { return }
            results.set(index, WordPressHTML.render(items[index].content))
        }
        return results.values
    }

    /// Runs blocking work (the XML parser and synchronous writes) on a thread of its own, off
    /// the threads that async tasks share.
    private static func onThreadOfItsOwn<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// Slots the rendering threads fill, each its own.
private final class RenderedBodies: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [MarkdownRenderer.Rendered?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: MarkdownRenderer.Rendered) {
        lock.withLock { slots[index] = value }
    }

    var values: [MarkdownRenderer.Rendered?] { lock.withLock { slots } }
}

/// What the first reading of an export learns: that the whole file is WXR, the channel's values,
/// the attachments (for featured images), how many posts it holds and, with an uploads folder,
/// which of the site's images its posts and pages show.
private struct Survey: Sendable {
    var siteURL: String
    var authorNames: [String: String]
    /// Attachments by id, without content or comments.
    var attachments: [Int64: WXRExport.Item] = [:]
    var posts = 0
    /// The images of the uploads folder, when there is one.
    var uploads: WordPressUploads?
    /// Upload paths that posts and pages show, featured images included.
    var uploadReferences: Set<String> = []

    init(_ source: WXRSource, uploadsFolder: URL?) throws {
        var attachments: [Int64: WXRExport.Item] = [:]
        var posts = 0
        // Only the addresses of uploads are kept, never whole bodies; whose site they are is known
        // once the channel is read.
        var uploadURLs: Set<String> = []
        var featuredIDs: Set<Int64> = []
        let channel = try WXRReader.read(source) { element in
            var item = try WXRExport.item(element)
            switch item.type {
            case "attachment":
                item.content = ""
                item.comments = []
                attachments[item.id] = attachments[item.id] ?? item
            case "post", "page":
                if item.type == "post" { posts += 1 }
                // Trash and auto-drafts are not imported: their images are not wanted.
                guard ImportRun.status(of: item) != nil else { break }
                if uploadsFolder != nil { uploadURLs.formUnion(WordPressUploads.urls(in: item.content)) }
                if let id = item.meta["_thumbnail_id"].flatMap({ Int64($0) }) { featuredIDs.insert(id) }
            default:
                break
            }
        }
        siteURL = channel.siteURL
        authorNames = channel.authorNames
        self.attachments = attachments
        self.posts = posts
        if let uploadsFolder {
            let finder = WordPressUploads(folder: uploadsFolder, siteURL: channel.siteURL)
            uploads = finder
            uploadReferences = Set(uploadURLs.compactMap { finder.uploadPath(of: $0) })
            for id in featuredIDs {
                if let url = attachments[id]?.attachmentURL, let path = finder.uploadPath(of: url) { uploadReferences.insert(path) }
            }
        }
    }
}

/// One import in progress: its report so far, and how it writes a batch of items.
private struct ImportRun {
    let survey: Survey
    /// The images brought into media, for the featured images' addresses.
    let images: WordPressUploads.Outcome
    let now: Date
    var report = WordPressImportReport()
    /// Post items written or skipped so far, for the progress line.
    var postItemsDone = 0

    init(survey: Survey, images: WordPressUploads.Outcome, now: Date) {
        self.survey = survey
        self.images = images
        self.now = now
        report.imagesImported = images.imported
        report.missingImages = images.missing
        report.refusedImages = images.refused
    }

    /// Imports items inside the caller's transaction; `rendered` holds each post's body.
    mutating func importItems(_ items: [WXRExport.Item], rendered: [MarkdownRenderer.Rendered?], _ writer: any WordPressImportWriter) throws {
        for (item, body) in zip(items, rendered) {
            switch item.type {
            case "post":
                postItemsDone += 1
                guard let status = Self.status(of: item) else {
                    report.otherItemsSkipped += 1
                    continue
                }
                let postID = try importPost(item, kind: .post, status: status, rendered: body, writer)
                try importComments(of: item, postID: postID, writer)
            case "page":
                guard let status = Self.status(of: item) else {
                    report.otherItemsSkipped += 1
                    continue
                }
                _ = try importPost(item, kind: .page, status: status == .scheduled ? .draft : status, rendered: body, writer)
                // A page shows no comments in Quire: they are counted, not brought in.
                report.pageCommentsSkipped += item.comments.filter(Self.isComment).count
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
        "wordpress|\(survey.siteURL)|\(kind)|\(id)"
    }

    private mutating func importPost(_ item: WXRExport.Item, kind: PostKind, status: PostStatus, rendered: MarkdownRenderer.Rendered?, _ writer: any WordPressImportWriter) throws -> Int64 {
        let key = key("post", item.id)
        if let postID = try writer.importedPostID(key) {
            if kind == .page { report.pagesAlreadyImported += 1 } else { report.postsAlreadyImported += 1 }
            try recordOldAddresses(of: item, kind: kind, postID: postID, writer)
            return postID
        }
        var draft = PostDraft(
            title: HTMLText.decodeEntities(item.title).nonEmpty ?? "Untitled",
            slug: try freeSlug(for: item, kind: kind, writer),
            bodyMarkdown: item.content,
            bodyFormat: .html,
            excerpt: HTMLText.plainText(fromHTML: item.excerpt).nonEmpty,
            tags: Self.tagNames(item),
            status: status,
            publishedAt: status == .draft ? nil : item.date,
            featuredImage: featuredImage(of: item),
            commentsOpen: item.commentsOpen,
            authorName: survey.authorNames[item.creator] ?? item.creator.nonEmpty
        )
        draft.kind = kind
        if kind == .page { draft.tags = [] }
        let saved = try writer.insertPost(draft, rendered: rendered, now: now)
        guard let postID = saved.post.id else { throw StoreError.notFound }
        try writer.recordImport(key, postID: postID)
        try recordOldAddresses(of: item, kind: kind, postID: postID, writer)
        switch (kind, saved.post.status) {
        case (.page, .draft): report.draftPages += 1
        case (.page, _): report.publishedPages += 1
        case (.post, .published): report.publishedPosts += 1
        case (.post, .scheduled): report.scheduledPosts += 1
        case (.post, .draft): report.draftPosts += 1
        }
        return postID
    }

    /// The item's WordPress addresses, each to redirect to it: its permalink (whatever the old
    /// blog's permalink structure), `?p=ID`, and for a page `?page_id=ID`.
    private func recordOldAddresses(of item: WXRExport.Item, kind: PostKind, postID: Int64, _ writer: any WordPressImportWriter) throws {
        var keys = [OldAddress.postKey(item.id)]
        if kind == .page { keys.append(OldAddress.pageKey(item.id)) }
        if let permalink = OldAddress.key(url: item.link) { keys.append(permalink) }
        for key in keys { try writer.recordOldAddress(key, postID: postID) }
    }

    /// The featured image, at its media's address when its file was brought in.
    private func featuredImage(of item: WXRExport.Item) -> FeaturedImage? {
        guard var image = Self.featuredImage(of: item, attachments: survey.attachments) else { return nil }
        if let finder = survey.uploads, let media = finder.media(for: image.url, in: images) { image.url = media.url }
        return image
    }

    /// The post's WordPress slug (percent-decoded, as WordPress stores non-ASCII slugs), or
    /// one made from the title; numbered when another post here has it (or, for a page, when
    /// a route of Quire's uses it).
    private mutating func freeSlug(for item: WXRExport.Item, kind: PostKind, _ writer: any WordPressImportWriter) throws -> String? {
        let decoded = (item.slug.removingPercentEncoding ?? item.slug).lowercased()
        guard let wanted = Slug.isValid(decoded) ? decoded : Slug.make(from: decoded).nonEmpty else { return nil }
        for number in 1...10_000 {
            let candidate = Slug.numbered(wanted, number)
            let taken = try (kind == .page && PageSlug.isReserved(candidate)) || writer.slugIsTaken(candidate)
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
    private mutating func importComments(of item: WXRExport.Item, postID: Int64, _ writer: any WordPressImportWriter) throws {
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
                if let saved = try importComment(comment, parent: localIDs[comment.parentID], postID: postID, postDate: item.date, writer) {
                    localIDs[comment.id] = saved
                }
            }
            // A reply whose parent can never be placed (a cycle) stands on its own.
            if waiting.count == remaining.count {
                for comment in waiting {
                    if let saved = try importComment(comment, parent: nil, postID: postID, postDate: item.date, writer) {
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
        _ comment: WXRExport.Comment, parent: (id: Int64, depth: Int)?, postID: Int64, postDate: Date?, _ writer: any WordPressImportWriter
    ) throws -> (id: Int64, depth: Int)? {
        let key = key("comment", comment.id)
        if let commentID = try writer.importedCommentID(key) {
            report.commentsAlreadyImported += 1
            let depth = try writer.commentDepth(commentID) ?? 1
            return (commentID, depth)
        }
        let body = WordPressHTML.commentText(comment.content)
        guard Self.isComment(comment), !body.isEmpty else {
            report.commentsSkipped += 1
            return nil
        }
        let url = comment.url.trimmingCharacters(in: .whitespaces)
        let email = comment.email.trimmingCharacters(in: .whitespaces)
        let record = Comment(
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
        let id = try writer.insertComment(record)
        try writer.recordImport(key, commentID: id)
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
