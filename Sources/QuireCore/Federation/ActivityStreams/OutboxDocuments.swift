import Foundation

/// An activity with its object in full, as the outbox lists and deliveries carry it.
public struct ActivityDocument<Object: Encodable & Sendable>: Encodable, Sendable {
    public var id: String
    public var type: String
    public var actor: String
    public var published: String?
    public var to: [String]
    public var cc: [String]
    public var object: Object

    private enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, actor, published, to, cc, object
    }

    public init(id: String, type: String, actor: String, published: Date?, to: [String], cc: [String], object: Object) {
        self.id = id
        self.type = type
        self.actor = actor
        self.published = published.map(RFC3339.string)
        self.to = to
        self.cc = cc
        self.object = object
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ActivityStreams.context, forKey: .context)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(actor, forKey: .actor)
        try container.encodeIfPresent(published, forKey: .published)
        try container.encode(to, forKey: .to)
        try container.encode(cc, forKey: .cc)
        try container.encode(object, forKey: .object)
    }
}

extension ActivityDocument where Object == ArticleDocument {
    /// `Create` of a post's article, public and copied to the followers.
    public static func create(_ article: ArticleDocument) -> ActivityDocument {
        activity("Create", of: article, id: article.id + "#create", published: article.entry.post.publishedAt)
    }

    /// An activity (`Create`, `Update`) carrying a post's article, addressed as the article is.
    public static func activity(_ type: String, of article: ArticleDocument, id: String, published: Date?) -> ActivityDocument {
        var object = article
        object.includesContext = false
        return ActivityDocument(
            id: id, type: type, actor: article.addresses.actor, published: published,
            to: [ActivityStreams.publicCollection], cc: [article.addresses.followers], object: object
        )
    }
}

/// An `OrderedCollection` (outbox, followers, following): its size, and its first page when
/// it has items, or the items themselves when it shows them all.
public struct OrderedCollectionDocument<Item: Encodable & Sendable>: Encodable, Sendable {
    public var id: String
    public var totalItems: Int
    public var first: String?
    /// Items in the collection itself (its page, when `partOf` is set).
    public var orderedItems: [Item]?
    public var partOf: String?
    public var next: String?

    public init(id: String, totalItems: Int, first: String? = nil, orderedItems: [Item]? = nil, partOf: String? = nil, next: String? = nil) {
        self.id = id
        self.totalItems = totalItems
        self.first = first
        self.orderedItems = orderedItems
        self.partOf = partOf
        self.next = next
    }

    private enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, totalItems, first, orderedItems, partOf, next
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ActivityStreams.context, forKey: .context)
        try container.encode(id, forKey: .id)
        try container.encode(partOf == nil ? "OrderedCollection" : "OrderedCollectionPage", forKey: .type)
        try container.encode(totalItems, forKey: .totalItems)
        try container.encodeIfPresent(first, forKey: .first)
        try container.encodeIfPresent(orderedItems, forKey: .orderedItems)
        try container.encodeIfPresent(partOf, forKey: .partOf)
        try container.encodeIfPresent(next, forKey: .next)
    }
}
