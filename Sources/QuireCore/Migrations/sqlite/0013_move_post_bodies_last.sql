-- The post table again, with the three bodies as its last columns. A post's row is mostly its
-- bodies (17 KB for an 800-word post), kept in a chain of overflow pages; SQLite reads a column by
-- walking the row from its start, so with the bodies in the middle every look at a post's status
-- or date (a related list's candidates, a page's list of posts) read the whole chain. Now those
-- columns sit in the row's first page, and a page that shows the HTML stops before the rest.
--
-- The SQLite way to reorder columns: a new table, the rows copied, the old one dropped, the new
-- one renamed, its indexes and triggers made again. Foreign keys are off while a migration runs
-- (GRDB checks them all before it commits), so dropping the old table deletes no comment or tag.

CREATE TABLE post_reordered (
    id                     INTEGER PRIMARY KEY,
    slug                   TEXT    NOT NULL UNIQUE
                           CHECK (length(slug) BETWEEN 1 AND 200 AND slug NOT GLOB '*[^a-z0-9-]*'),
    title                  TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    status                 TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'scheduled')),
    published_at           TEXT,
    updated_at             TEXT    NOT NULL,
    comments_open          INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
    keywords_corpus_size   INTEGER NOT NULL DEFAULT 0,
    body_format            TEXT    NOT NULL DEFAULT 'markdown' CHECK (body_format IN ('markdown', 'html')),
    author_name            TEXT    NOT NULL,
    featured_image_url     TEXT,
    featured_image_alt     TEXT,
    featured_image_caption TEXT,
    excerpt                TEXT    NOT NULL,
    body_html              TEXT    NOT NULL,
    body_markdown          TEXT    NOT NULL,
    body_text              TEXT    NOT NULL,
    CHECK (status = 'draft' OR published_at IS NOT NULL)
);

INSERT INTO post_reordered (
    id, slug, title, status, published_at, updated_at, comments_open, keywords_corpus_size,
    body_format, author_name, featured_image_url, featured_image_alt, featured_image_caption,
    excerpt, body_html, body_markdown, body_text)
SELECT
    id, slug, title, status, published_at, updated_at, comments_open, keywords_corpus_size,
    body_format, author_name, featured_image_url, featured_image_alt, featured_image_caption,
    excerpt, body_html, body_markdown, body_text
FROM post ORDER BY id;

DROP TABLE post;
ALTER TABLE post_reordered RENAME TO post;

-- As in 0001 and 0008.
CREATE INDEX post_public_order ON post (published_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX post_keywords_corpus_size ON post (keywords_corpus_size);

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
