import Foundation
import Hummingbird
import QuireCore

/// Turns posts into the theme's pages: view models filled from the config, rendered by Mustache.
struct SiteViews: Sendable {
    let config: QuireConfig
    let renderer: PageRenderer
    /// The config's support block, rendered from Markdown once at start-up.
    let supportHTML: String?
    let dates: DateFormats
    let stylesheetURL: String
    /// Approved comments already rendered, by digest of what they show.
    let commentFragments = CommentFragments()

    init(config: QuireConfig, renderer: PageRenderer, staticFiles: StaticFiles) {
        self.config = config
        self.renderer = renderer
        stylesheetURL = staticFiles.fingerprintedURL("css/quire.css")
        let support = config.supportBlockMarkdown.trimmingCharacters(in: .whitespacesAndNewlines)
        supportHTML = support.isEmpty ? nil : MarkdownRenderer().render(support).html
        dates = DateFormats(language: config.site.language)
    }

    var site: SiteView {
        SiteView(
            title: config.site.title, tagline: config.site.tagline, language: config.site.language, homeURL: "/", searchQuery: "",
            stylesheetURL: stylesheetURL, navigation: config.navigation.map { NavigationLinkView(label: $0.label, path: $0.path) },
            webmentionURL: webmentionURL
        )
    }

    /// The Webmention endpoint, absolute, while the blog federates (SPEC §10); nil otherwise.
    var webmentionURL: String? {
        config.federation.enabled ? config.site.absoluteURL("/webmention") : nil
    }

    func postPage(
        _ entry: PostWithTags, comments: CommentsView, related: [PostWithTags], images: ResponsiveImages, reactions: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> HTMLPage {
        var post = postView(entry, images: images, lazyImage: false)
        post.bodyHTML = images.body(post.bodyHTML)
        let url = config.site.absoluteURL(post.url)
        let imageURL = entry.post.featuredImage.map { $0.url.hasPrefix("/") ? config.site.absoluteURL($0.url) : $0.url }
        let head = PageHead(
            title: "\(post.title) – \(config.site.title)",
            description: post.excerpt,
            canonicalURL: url,
            openGraph: OpenGraph(
                title: post.title, type: "article", url: url, description: post.excerpt, image: imageURL,
                siteName: config.site.title,
                publishedTime: post.publishedISO,
                modifiedTime: dates.rfc3339(entry.post.updatedAt),
                tags: entry.tags.map(\.name),
                twitterCard: imageURL == nil ? "summary" : "summary_large_image"
            ),
            jsonLD: JSONLD.blogPosting(entry, url: url, imageURL: imageURL, dates: dates)
        )
        let view = PostPageView(
            site: site, head: head, post: post, supportHTML: supportHTML, reactions: reactions, comments: comments,
            related: related.map { postView($0, images: .none) }, hasRelated: !related.isEmpty
        )
        return HTMLPage(html: try renderer.render(view, template: "post"), status: status)
    }

    /// A page (About, Contact…) at `/{slug}`: its title and body, nothing dated around them.
    func pagePage(_ page: Post, images: ResponsiveImages) throws -> HTMLPage {
        let head = PageHead(
            title: "\(page.title) – \(config.site.title)", description: page.excerpt, canonicalURL: config.site.absoluteURL(page.publicPath)
        )
        let view = PagePageView(
            site: site, head: head, title: page.title, bodyHTML: images.body(page.bodyHTML),
            updatedISO: dates.rfc3339(page.updatedAt), updatedDisplay: dates.display(page.updatedAt)
        )
        return HTMLPage(html: try renderer.render(view, template: "page"))
    }

    /// A page of the front page's listing of the newest posts.
    func frontPage(_ page: PostPage, commentCounts: [Int64: Int], images: ResponsiveImages) throws -> HTMLPage {
        try postListPage(page, commentCounts: commentCounts, images: images, path: "/", heading: nil, title: "\(config.site.title) – \(config.site.tagline)")
    }

    /// A page of the posts with a tag, with the tag's own feed.
    func tagPage(_ tag: Tag, _ page: PostPage, commentCounts: [Int64: Int], images: ResponsiveImages) throws -> HTMLPage {
        try postListPage(
            page,
            commentCounts: commentCounts,
            images: images,
            path: "/tags/\(tag.slug)",
            heading: "Posts tagged “\(tag.name)”",
            title: "\(tag.name) – \(config.site.title)",
            feed: (url: "/tags/\(tag.slug)/feed.xml", title: "\(config.site.title): \(tag.name) (Atom)")
        )
    }

    /// A page of a post listing; `path` is the listing's first page, such as `/` or `/tags/swift`.
    private func postListPage(_ page: PostPage, commentCounts: [Int64: Int], images: ResponsiveImages, path: String, heading: String?, title: String, feed: (url: String, title: String)? = nil) throws -> HTMLPage {
        let pageURL = { (number: Int) in number == 1 ? path : "\(path)?page=\(number)" }
        let head = PageHead(
            title: page.page == 1 ? title : "\(title) – page \(page.page)",
            description: heading ?? config.site.tagline,
            canonicalURL: config.site.absoluteURL(pageURL(page.page)),
            tagFeedURL: feed?.url,
            tagFeedTitle: feed?.title
        )
        let view = PostListView(
            site: site,
            head: head,
            heading: heading,
            posts: page.posts.enumerated().map { index, entry in
                postView(entry, commentCount: entry.post.id.flatMap { commentCounts[$0] } ?? 0, images: images, lazyImage: index > 0)
            },
            hasPosts: !page.posts.isEmpty,
            newerURL: page.hasNewer ? pageURL(page.page - 1) : nil,
            olderURL: page.hasOlder ? pageURL(page.page + 1) : nil,
            pageLabel: page.pageCount > 1 ? "Page \(page.page) of \(page.pageCount)" : nil
        )
        return HTMLPage(html: try renderer.render(view, template: "post_list"))
    }

    func notFoundPage(path: String) throws -> HTMLPage {
        try messagePage(
            status: .notFound,
            heading: "Page not found",
            message: "There is nothing at this address. It may have moved, or the link may be mistyped.",
            path: path
        )
    }

    func errorPage(status: HTTPResponse.Status, message: String?) throws -> HTMLPage {
        let fallback = status.code >= 500
            ? "Something went wrong on our side. Please try again in a moment."
            : "The request could not be handled."
        return try messagePage(status: status, heading: status.reasonPhrase, message: message ?? fallback, path: "/")
    }

    private func messagePage(status: HTTPResponse.Status, heading: String, message: String, path: String) throws -> HTMLPage {
        let head = PageHead(title: "\(heading) – \(config.site.title)", description: message, canonicalURL: config.site.absoluteURL(path))
        let view = MessagePageView(site: site, head: head, heading: heading, message: message)
        return HTMLPage(html: try renderer.render(view, template: "message"), status: status)
    }

    /// A post for a page; `images` gives a media library image its sizes.
    func postView(_ entry: PostWithTags, commentCount: Int = 0, images: ResponsiveImages, lazyImage: Bool = true) -> PostView {
        let post = entry.post
        let published = post.publishedAt ?? post.updatedAt
        let tags = entry.tags.map { TagLink(name: $0.name, url: "/tags/\($0.slug)") }
        return PostView(
            title: post.title,
            url: "/posts/\(post.slug)",
            excerpt: post.excerpt,
            publishedISO: dates.rfc3339(published),
            publishedDisplay: dates.display(published),
            author: post.authorName,
            tags: tags,
            hasTags: !tags.isEmpty,
            featuredImage: post.featuredImage.map { FeaturedImageView($0, sources: images.sources(ofURL: $0.url), lazy: lazyImage) },
            bodyHTML: post.bodyHTML,
            commentLabel: commentCount == 0 ? nil : commentCount == 1 ? "1 comment" : "\(commentCount) comments"
        )
    }
}
