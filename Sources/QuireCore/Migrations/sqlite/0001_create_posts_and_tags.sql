-- Posts, tags and the links between them.
-- Dates are stored as GRDB's UTC text ("YYYY-MM-DD HH:MM:SS.SSS"), which sorts in time order.

CREATE TABLE post (
    id                     INTEGER PRIMARY KEY,
    slug                   TEXT    NOT NULL UNIQUE
                           CHECK (length(slug) BETWEEN 1 AND 200 AND slug NOT GLOB '*[^a-z0-9-]*'),
    title                  TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    excerpt                TEXT    NOT NULL,
    body_markdown          TEXT    NOT NULL,
    body_html              TEXT    NOT NULL,
    body_text              TEXT    NOT NULL,
    featured_image_url     TEXT,
    featured_image_alt     TEXT,
    featured_image_caption TEXT,
    author_name            TEXT    NOT NULL,
    status                 TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'scheduled')),
    published_at           TEXT,
    updated_at             TEXT    NOT NULL,
    comments_open          INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
    CHECK (status = 'draft' OR published_at IS NOT NULL)
);

-- Every public list reads non-draft posts newest first; the id breaks ties for keyset paging.
CREATE INDEX post_public_order ON post (published_at DESC, id DESC) WHERE status <> 'draft';

CREATE TABLE tag (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    slug TEXT NOT NULL UNIQUE
         CHECK (length(slug) BETWEEN 1 AND 200 AND slug NOT GLOB '*[^a-z0-9-]*')
);

CREATE TABLE post_tag (
    post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, tag_id)
) WITHOUT ROWID;

CREATE INDEX post_tag_on_tag ON post_tag (tag_id, post_id);
