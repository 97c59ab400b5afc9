import Mustache

// Each view model names its fields for Mustache, which otherwise reads them through `Mirror`:
// reflection was half the time of rendering a post page. A field left out here renders as
// empty, which the page tests would show.

extension SiteView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "tagline": tagline
        case "language": language
        case "homeURL": homeURL
        case "searchQuery": searchQuery
        case "stylesheetURL": stylesheetURL
        case "navigation": navigation
        case "hasNavigation": !navigation.isEmpty
        case "webmentionURL": webmentionURL
        default: nil
        }
    }
}

extension NavigationLinkView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "label": label
        case "path": path
        default: nil
        }
    }
}

extension PageHead: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "description": description
        case "canonicalURL": canonicalURL
        case "openGraph": openGraph
        case "jsonLD": jsonLD
        case "tagFeedURL": tagFeedURL
        case "tagFeedTitle": tagFeedTitle
        default: nil
        }
    }
}

extension OpenGraph: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "type": type
        case "url": url
        case "description": description
        case "image": image
        case "siteName": siteName
        case "publishedTime": publishedTime
        case "modifiedTime": modifiedTime
        case "tags": tags
        case "twitterCard": twitterCard
        default: nil
        }
    }
}

extension FeaturedImageView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "url": url
        case "alt": alt
        case "caption": caption
        case "srcset": srcset
        case "webpSrcset": webpSrcset
        case "sizes": sizes
        case "width": width
        case "height": height
        case "lazy": lazy
        default: nil
        }
    }
}

extension TagLink: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "url": url
        default: nil
        }
    }
}

extension PostView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "title": title
        case "url": url
        case "excerpt": excerpt
        case "publishedISO": publishedISO
        case "publishedDisplay": publishedDisplay
        case "author": author
        case "tags": tags
        case "hasTags": hasTags
        case "featuredImage": featuredImage
        case "bodyHTML": bodyHTML
        case "commentLabel": commentLabel
        default: nil
        }
    }
}

extension PostPageView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "site": site
        case "head": head
        case "post": post
        case "supportHTML": supportHTML
        case "reactions": reactions
        case "comments": comments
        case "related": related
        case "hasRelated": hasRelated
        default: nil
        }
    }
}

extension PagePageView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "site": site
        case "head": head
        case "title": title
        case "bodyHTML": bodyHTML
        case "updatedISO": updatedISO
        case "updatedDisplay": updatedDisplay
        default: nil
        }
    }
}

extension PostListView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "site": site
        case "head": head
        case "heading": heading
        case "posts": posts
        case "hasPosts": hasPosts
        case "newerURL": newerURL
        case "olderURL": olderURL
        case "pageLabel": pageLabel
        default: nil
        }
    }
}

extension MessagePageView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "site": site
        case "head": head
        case "heading": heading
        case "message": message
        default: nil
        }
    }
}

extension SearchPageView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "site": site
        case "head": head
        case "query": query
        case "hasQuery": hasQuery
        case "summary": summary
        case "results": results
        case "hasResults": hasResults
        case "newerURL": newerURL
        case "olderURL": olderURL
        default: nil
        }
    }
}

extension SearchResultView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "post": post
        case "snippetHTML": snippetHTML
        default: nil
        }
    }
}

extension CommentsView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "heading": heading
        case "hasComments": hasComments
        case "threadsHTML": threadsHTML
        case "awaitingModeration": awaitingModeration
        case "isClosed": isClosed
        case "form": form
        default: nil
        }
    }
}

extension CommentView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "anchor": anchor
        case "authorName": authorName
        case "authorURL": authorURL
        case "linkRel": linkRel
        case "dateISO": dateISO
        case "dateDisplay": dateDisplay
        case "bodyHTML": bodyHTML
        case "repliesHTML": repliesHTML
        case "hasReplies": hasReplies
        case "replyURL": replyURL
        case "isByAuthor": isByAuthor
        default: nil
        }
    }
}

extension CommentFormView: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "action": action
        case "token": token
        case "parentID": parentID
        case "replyTo": replyTo
        case "cancelURL": cancelURL
        case "comment": comment
        case "author": author
        case "email": email
        case "url": url
        case "errors": errors
        case "notice": notice
        default: nil
        }
    }
}

extension FieldErrors: MustacheParent {
    func child(named key: String) -> Any? {
        switch key {
        case "comment": comment
        case "author": author
        case "email": email
        case "url": url
        case "parent": parent
        case "hasAny": hasAny
        default: nil
        }
    }
}
