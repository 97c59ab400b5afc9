import Foundation

extension PostStore {
    /// The post a draft would save, without saving it: validated and rendered as a save would,
    /// with the id and address of `existing` (or none), for the admin's preview.
    public func preview(_ draft: PostDraft, of existing: Post?, now: Date) throws -> PostWithTags {
        var post = try makePost(from: draft, rendered: nil, slug: draft.slug ?? existing?.slug ?? Slug.make(from: draft.title), now: now, previous: existing)
        post.id = existing?.id ?? 0
        let tags = Self.uniqueTagNames(draft.tags).map { Tag(name: $0, slug: Slug.make(from: $0)) }
        return PostWithTags(post: post, tags: tags)
    }
}
