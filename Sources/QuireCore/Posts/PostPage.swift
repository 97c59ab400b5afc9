/// One page of a paged listing, with what the page links need.
public struct PostPage: Sendable, Equatable {
    public var posts: [PostWithTags]
    public var page: Int
    public var perPage: Int
    public var totalCount: Int

    public var pageCount: Int { max(1, (totalCount + perPage - 1) / perPage) }
    public var hasNewer: Bool { page > 1 }
    public var hasOlder: Bool { page < pageCount }
}
