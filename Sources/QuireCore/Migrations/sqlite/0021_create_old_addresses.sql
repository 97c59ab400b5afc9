-- Addresses a blog had before it moved to Quire, each answering a 301 to the post or page that
-- now stands for it: a WordPress permalink path, '?p=ID' and '?page_id=ID' (docs/wordpress.md).
CREATE TABLE old_address (
    -- A path as OldAddress.key makes it (percent-decoded, lowercase, no trailing slash), or
    -- '?p=ID' / '?page_id=ID'.
    address TEXT    NOT NULL PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE
) WITHOUT ROWID;
-- The cascade when a post is deleted.
CREATE INDEX old_address_by_post ON old_address (post_id);
