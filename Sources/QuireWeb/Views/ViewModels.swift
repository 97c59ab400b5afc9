import QuireCore

// View models are plain stored properties, each listed in `child(named:)`
// (ViewModels+Mustache.swift) so Mustache reads them without reflection. Text is escaped by the templates; fields named `…HTML` are trusted HTML
// that the server itself rendered.

/// What every page shows of the site itself.
struct SiteView: Sendable {
    var title: String
    var tagline: String
    var language: String
    var homeURL: String
    /// The search box's text, kept on the results page.
    var searchQuery: String
    /// The theme's stylesheet, fingerprinted so browsers may cache it for good.
    var stylesheetURL: String
    /// The header's links (`navigation`), in order.
    var navigation: [NavigationLinkView]
    /// The Webmention endpoint, absolute, while the blog federates; nil otherwise.
    var webmentionURL: String?
}

struct NavigationLinkView: Sendable {
    var label: String
    var path: String
}

/// The `<head>` of a page.
struct PageHead: Sendable {
    var title: String
    var description: String
    var canonicalURL: String
    var openGraph: OpenGraph?
    /// JSON-LD, already made safe to stand inside a `<script>` element.
    var jsonLD: String?
    /// A tag page's own feed, besides the site's.
    var tagFeedURL: String?
    var tagFeedTitle: String?
}

/// OpenGraph, article and Twitter card properties of a post page.
struct OpenGraph: Sendable {
    var title: String
    var type: String
    var url: String
    var description: String
    var image: String?
    var siteName: String
    var publishedTime: String
    var modifiedTime: String
    var tags: [String]
    /// `summary_large_image` with a featured image, else `summary`.
    var twitterCard: String
}

/// A post's featured image; an image from the media library also has its sizes.
struct FeaturedImageView: Sendable {
    var url: String
    var alt: String
    var caption: String?
    /// `srcset` in the image's own format, and in WebP (nil for a WebP image or one hosted elsewhere).
    var srcset: String?
    var webpSrcset: String?
    var sizes: String?
    var width: Int?
    var height: Int?
    /// Whether the browser may wait until it scrolls near (not for the first image of a page).
    var lazy: Bool

    init(_ image: FeaturedImage, sources: ImageSources?, lazy: Bool) {
        url = image.url
        alt = image.alt
        caption = image.caption
        srcset = sources?.srcset
        webpSrcset = sources?.webpSrcset
        sizes = sources == nil ? nil : ResponsiveImages.sizes
        width = sources?.width
        height = sources?.height
        self.lazy = lazy
    }
}

/// A tag as a link.

struct TagLink: Sendable {
    var name: String
    var url: String
}

/// A post as pages show it, in full or as a summary in a list.
struct PostView: Sendable {
    var title: String
    var url: String
    var excerpt: String
    var publishedISO: String
    var publishedDisplay: String
    var author: String
    var tags: [TagLink]
    var hasTags: Bool
    var featuredImage: FeaturedImageView?
    var bodyHTML: String
    /// "3 comments" on listings; nil when there are none.
    var commentLabel: String?
}

/// `post.mustache`: one post.
struct PostPageView: Sendable {
    var site: SiteView
    var head: PageHead
    var post: PostView
    var supportHTML: String?
    /// "3 likes and 1 boost on the fediverse", or nil.
    var reactions: String?
    var comments: CommentsView
    var related: [PostView]
    var hasRelated: Bool
}

/// `page.mustache`: a page such as About, at `/{slug}`.
struct PagePageView: Sendable {
    var site: SiteView
    var head: PageHead
    var title: String
    var bodyHTML: String
    var updatedISO: String
    var updatedDisplay: String
}

/// `post_list.mustache`: the front page and tag pages.
struct PostListView: Sendable {
    var site: SiteView
    var head: PageHead
    var heading: String?
    var posts: [PostView]
    var hasPosts: Bool
    var newerURL: String?
    var olderURL: String?
    var pageLabel: String?
}

/// `message.mustache`: the 404 page and other error pages.
struct MessagePageView: Sendable {
    var site: SiteView
    var head: PageHead
    var heading: String
    var message: String
}

/// `search.mustache`: the search form and a page of results.
struct SearchPageView: Sendable {
    var site: SiteView
    var head: PageHead
    var query: String
    var hasQuery: Bool
    var summary: String
    var results: [SearchResultView]
    var hasResults: Bool
    var newerURL: String?
    var olderURL: String?
}

/// One search result: the post as in lists, with the passage that matched.
struct SearchResultView: Sendable {
    var post: PostView
    var snippetHTML: String
}
