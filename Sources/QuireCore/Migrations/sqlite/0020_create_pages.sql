-- Pages (About, Contact…): rows of `post` with kind 'page', written and revised like posts but
-- shown at /{slug}, outside the front page, feeds, tags, search and related lists (every public
-- list asks for kind 'post' through Post.isPublicSQL).
--
-- Every public list reads `kind`, so it must sit before the bodies, as 0013 explains for status
-- and date: the table is made again (as in 0013) with `kind`, and the admin's `owner_id` and
-- `version` of 0017, among the small columns.

CREATE TABLE post_with_kind (
    id                     INTEGER PRIMARY KEY,
    slug                   TEXT    NOT NULL UNIQUE
                           CHECK (length(slug) BETWEEN 1 AND 200 AND slug NOT GLOB '*[^a-z0-9-]*'),
    kind                   TEXT    NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'page')),
    title                  TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    status                 TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'scheduled')),
    published_at           TEXT,
    updated_at             TEXT    NOT NULL,
    comments_open          INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
    keywords_corpus_size   INTEGER NOT NULL DEFAULT 0,
    body_format            TEXT    NOT NULL DEFAULT 'markdown' CHECK (body_format IN ('markdown', 'html')),
    author_name            TEXT    NOT NULL,
    owner_id               INTEGER REFERENCES user_account (id) ON DELETE SET NULL,
    version                INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    featured_image_url     TEXT,
    featured_image_alt     TEXT,
    featured_image_caption TEXT,
    excerpt                TEXT    NOT NULL,
    body_html              TEXT    NOT NULL,
    body_markdown          TEXT    NOT NULL,
    body_text              TEXT    NOT NULL,
    CHECK (status = 'draft' OR published_at IS NOT NULL)
);

INSERT INTO post_with_kind (
    id, slug, title, status, published_at, updated_at, comments_open, keywords_corpus_size,
    body_format, author_name, owner_id, version, featured_image_url, featured_image_alt,
    featured_image_caption, excerpt, body_html, body_markdown, body_text)
SELECT
    id, slug, title, status, published_at, updated_at, comments_open, keywords_corpus_size,
    body_format, author_name, owner_id, version, featured_image_url, featured_image_alt,
    featured_image_caption, excerpt, body_html, body_markdown, body_text
FROM post ORDER BY id;

DROP TABLE post;
ALTER TABLE post_with_kind RENAME TO post;

-- As in 0013, 0015 and 0017.
CREATE INDEX post_public_order ON post (published_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX post_keywords_corpus_size ON post (keywords_corpus_size);
CREATE INDEX post_visibility ON post (id, status, published_at, kind);
CREATE INDEX post_admin_order ON post (updated_at DESC, id DESC);
CREATE INDEX post_admin_by_status ON post (status, updated_at DESC, id DESC);
CREATE INDEX post_by_owner ON post (owner_id, updated_at DESC, id DESC);
-- The admin's and the API's page lists, by title.
CREATE INDEX post_pages ON post (title COLLATE NOCASE, id) WHERE kind = 'page';

-- As in 0007.
CREATE TRIGGER change_after_post_insert AFTER INSERT ON post BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_update AFTER UPDATE ON post BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_delete AFTER DELETE ON post BEGIN UPDATE change_counter SET content = content + 1; END;

-- As in 0011.
CREATE TRIGGER post_search_after_post_delete AFTER DELETE ON post
BEGIN
    DELETE FROM post_search WHERE rowid = old.id;
END;

CREATE TRIGGER post_search_after_post_insert AFTER INSERT ON post
WHEN new.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT INTO post_search (rowid, title, body, tags)
    VALUES (new.id, new.title, new.body_text, '');
END;

CREATE TRIGGER post_search_held_after_post_insert AFTER INSERT ON post
WHEN EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT OR IGNORE INTO post_search_pending (post_id) VALUES (new.id);
END;

CREATE TRIGGER post_search_after_post_update AFTER UPDATE OF title, body_text, status ON post
WHEN NOT EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    DELETE FROM post_search WHERE rowid = old.id;
    INSERT INTO post_search (rowid, title, body, tags)
    SELECT new.id, new.title, new.body_text,
           coalesce((SELECT group_concat(tag.name, ' ')
                     FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                     WHERE post_tag.post_id = new.id), '')
    WHERE new.status <> 'draft';
END;

CREATE TRIGGER post_search_held_after_post_update AFTER UPDATE OF title, body_text, status ON post
WHEN EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT OR IGNORE INTO post_search_pending (post_id) VALUES (new.id);
END;
