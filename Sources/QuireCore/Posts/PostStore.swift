import Foundation

/// Reads and writes posts and pages with their tags. Every write validates and renders the
/// draft once (`PostDraft.post(…)`), sets its tags and keeps the search index in step, in one
/// transaction. Who may see a post is `Post+Visibility.swift`'s rule on both engines.
public protocol PostStore: Sendable {
    /// The author named on posts that name none: the config's `site.author`.
    var defaultAuthor: String { get }

    // MARK: Reading

    /// A post readers may see at `now`, or nil.
    func publicPost(slug: String, now: Date) async throws -> PostWithTags?
    /// The id of the post with this slug if readers may see it at `now`.
    func publicPostID(slug: String, now: Date) async throws -> Int64?
    /// A post whatever its status, or nil.
    func post(slug: String) async throws -> PostWithTags?
    /// One page of public posts, newest first, optionally only those with a tag; with their
    /// bodies (for a feed) or without (left empty: for a list of summaries).
    func publicPage(_ page: Int, perPage: Int, tagSlug: String?, bodies: Bool, now: Date) async throws -> PostPage
    /// Up to `limit` public posts after the cursor, newest first, and the cursor for the next
    /// ones; optionally only those with a tag, or matching a search. Without their bodies.
    func publicPosts(after cursor: KeysetCursor?, limit: Int, tagSlug: String?, matching query: SearchQuery?, now: Date) async throws -> KeysetPage<PostWithTags>
    /// Posts with a status as readers would see it at `now`, for authors: published (newest first
    /// by date), scheduled (still in the future, latest first) or drafts (last edited first).
    func posts(status: PostStatus, after cursor: KeysetCursor?, limit: Int, now: Date) async throws -> KeysetPage<PostWithTags>
    /// The current slug of the post that had `slug` before it was renamed, if that post is still
    /// there and, when `publicAt` is given, public then.
    func renamedSlug(from slug: String, publicAt now: Date?) async throws -> String?
    /// The tag with this slug, whether or not it has public posts.
    func tag(slug: String) async throws -> Tag?
    /// Every tag with at least one public post, by name (ASCII case folded), with how many it has.
    func publicTags(now: Date) async throws -> [TagCount]
    /// How many posts readers may see at `now`.
    func publicCount(now: Date) async throws -> Int
    /// Public posts' slugs and last changes, oldest id first, for the sitemap.
    func publicSlugs(offset: Int, limit: Int, now: Date) async throws -> [(slug: String, updatedAt: Date)]
    /// How many posts there are, of any status and kind.
    func count() async throws -> Int

    // MARK: Pages

    /// The page readers see at `/{slug}`.
    func publicPage(slug: String, now: Date) async throws -> Post?
    /// Every page readers may see, by title, without bodies unless `bodies`.
    func publicPages(now: Date, bodies: Bool) async throws -> [Post]
    /// Every page of any status, by title, with bodies: for authors.
    func allPages() async throws -> [Post]
    /// The current slug of the public page that had `slug` before it was renamed.
    func renamedPageSlug(from slug: String, now: Date) async throws -> String?

    // MARK: Old addresses

    /// The post or page an old address (`OldAddress.key`) stands for.
    func oldAddress(_ key: String, now: Date) async throws -> OldAddressTarget
    /// The public post or page with this id: what a feed entry's id (`/?p=ID`) names.
    func publicPostOrPage(id: Int64, now: Date) async throws -> Post?

    // MARK: Writing

    /// Adds a new post. A slug that is given and taken is a conflict; a slug made from the title
    /// gets `-2`, `-3`… until it is free. `ownerID` is the user who owns it (nil for the API and
    /// the CLI: only admins edit it then); `savedBy` is noted on its first revision.
    @discardableResult
    func create(_ draft: PostDraft, now: Date, ownerID: Int64?, savedBy: Int64?) async throws -> PostWithTags
    /// Adds the post, or replaces the one with the same slug (the draft's, or the title's).
    /// Returns the saved post and whether it was new.
    func upsert(_ draft: PostDraft, now: Date) async throws -> (post: PostWithTags, created: Bool)
    /// Replaces a post's content; a field the draft leaves out keeps what the post had only
    /// where docs/data-model.md says so. With `expectedVersion`, a post saved since that version
    /// is left as it is (`StoreError.outdated`). Answers with the version this save made.
    func save(slug: String, with draft: PostDraft, now: Date, expectedVersion: Int?, savedBy: Int64?) async throws -> EditablePost
    /// Deletes a post, its tag links and its search entry.
    func delete(slug: String) async throws
    /// Adds the given posts in one transaction when the database has no posts at all.
    /// Returns whether it added them.
    func addIfEmpty(_ drafts: [PostDraft], now: Date) async throws -> Bool

    // MARK: The admin

    /// One page of posts for the admin, most recently saved first, without bodies; and how many
    /// match in all.
    func adminPage(_ filter: PostAdminFilter, page: Int, perPage: Int, now: Date) async throws -> (posts: [PostWithTags], total: Int)
    /// How many posts (or pages) have each status (an author's own, with `ownerID`).
    func statusCounts(ownerID: Int64?, kind: PostKind, now: Date) async throws -> [PostStatus: Int]
    /// The scheduled post that will be published next, after `now`.
    func nextScheduled(ownerID: Int64?, now: Date) async throws -> Post?
    /// A post by id with its version and owner, or nil.
    func editable(id: Int64) async throws -> EditablePost?
    /// A post whatever its status, with its version and owner, or nil; with `kind`, nil as well
    /// when the slug is the other kind's.
    func editable(slug: String, kind: PostKind?) async throws -> EditablePost?
    /// A post's revisions, newest first.
    func revisions(postID: Int64) async throws -> [PostRevision]
    func revision(id: Int64, postID: Int64) async throws -> PostRevision?
}

extension PostStore {
    public func publicPage(_ page: Int, perPage: Int, tagSlug: String? = nil, bodies: Bool, now: Date) async throws -> PostPage {
        try await publicPage(page, perPage: perPage, tagSlug: tagSlug, bodies: bodies, now: now)
    }

    public func publicPosts(after cursor: KeysetCursor?, limit: Int, tagSlug: String? = nil, matching query: SearchQuery? = nil, now: Date) async throws -> KeysetPage<PostWithTags> {
        try await publicPosts(after: cursor, limit: limit, tagSlug: tagSlug, matching: query, now: now)
    }

    public func publicPages(now: Date) async throws -> [Post] {
        try await publicPages(now: now, bodies: false)
    }

    @discardableResult
    public func create(_ draft: PostDraft, now: Date, ownerID: Int64? = nil, savedBy: Int64? = nil) async throws -> PostWithTags {
        try await create(draft, now: now, ownerID: ownerID, savedBy: savedBy)
    }

    public func save(slug: String, with draft: PostDraft, now: Date, expectedVersion: Int? = nil, savedBy: Int64? = nil) async throws -> EditablePost {
        try await save(slug: slug, with: draft, now: now, expectedVersion: expectedVersion, savedBy: savedBy)
    }

    /// `save`, answering with the saved post alone.
    @discardableResult
    public func update(slug: String, with draft: PostDraft, now: Date, expectedVersion: Int? = nil, savedBy: Int64? = nil) async throws -> PostWithTags {
        try await save(slug: slug, with: draft, now: now, expectedVersion: expectedVersion, savedBy: savedBy).entry
    }

    public func statusCounts(ownerID: Int64?, now: Date) async throws -> [PostStatus: Int] {
        try await statusCounts(ownerID: ownerID, kind: .post, now: now)
    }

    public func editable(slug: String) async throws -> EditablePost? {
        try await editable(slug: slug, kind: nil)
    }

    /// The post a draft would save, without saving it: validated and rendered as a save would,
    /// with the id and address of `existing` (or none), for the admin's preview.
    public func preview(_ draft: PostDraft, of existing: Post?, now: Date) throws -> PostWithTags {
        var post = try draft.post(rendered: nil, slug: draft.slug ?? existing?.slug ?? Slug.make(from: draft.title), now: now, previous: existing, defaultAuthor: defaultAuthor)
        post.id = existing?.id ?? 0
        let tags = draft.uniqueTagNames.map { Tag(name: $0, slug: Slug.make(from: $0)) }
        return PostWithTags(post: post, tags: tags)
    }
}
