import Foundation

/// The three short posts a new Quire blog starts with, so a first visit shows a working blog
/// and how to make it one's own.
public enum WelcomePosts {
    public static func drafts(now: Date) -> [PostDraft] {
        [
            PostDraft(
                title: "Importing posts and reading them as JSON",
                slug: "importing-posts-and-reading-them-as-json",
                bodyMarkdown: """
                    Already have posts as Markdown files? Give them a front matter block and \
                    import a whole folder at once:

                    ```
                    quire import ~/notes/blog/
                    ```

                    Importing the same file again updates its post instead of adding a copy, \
                    so you can keep writing in your editor and import as often as you like.

                    Every published post is also available as JSON for your own programs: \
                    [/api/posts](/api/posts) lists them newest first, and \
                    `/api/posts/{slug}` returns one with its rendered HTML.
                    """,
                tags: ["Getting started", "API"],
                publishedAt: now.addingTimeInterval(-2 * 86_400)
            ),
            PostDraft(
                title: "Writing a post in Markdown",
                slug: "writing-a-post-in-markdown",
                bodyMarkdown: """
                    A Quire post is a Markdown file with a few lines of YAML at the top:

                    ```
                    ---
                    title: My first post
                    tags: [notes, travel]
                    date: 2026-05-01
                    ---
                    Write the body here, with *emphasis*, **bold**, [links](https://example.com) and lists.
                    ```

                    Leave out `slug` and Quire makes one from the title. Set `draft: true` to keep a \
                    post to yourself, or give a future `date` to have it appear on its own when the \
                    time comes. The first paragraph becomes the excerpt unless you write one.
                    """,
                tags: ["Getting started", "Writing"],
                publishedAt: now.addingTimeInterval(-86_400)
            ),
            PostDraft(
                title: "Welcome to Quire",
                slug: "welcome-to-quire",
                bodyMarkdown: """
                    This blog runs on Quire: one small program and one SQLite file. \
                    These first posts show how it works; delete or replace them whenever you like.

                    Posts are written in Markdown, tagged, and published on a date you choose. \
                    Readers can browse by tag, and programs can read everything as JSON.

                    To make the blog yours, edit `Config/quire.json`: the site title, tagline, \
                    address and author are at the top.
                    """,
                tags: ["Getting started"],
                publishedAt: now,
                featuredImage: FeaturedImage(
                    url: "/static/images/welcome.png",
                    alt: "Overlapping sheets of paper in soft blue and gold",
                    caption: "A quire: a set of folded sheets, the unit a book is sewn from."
                )
            ),
        ]
    }
}
