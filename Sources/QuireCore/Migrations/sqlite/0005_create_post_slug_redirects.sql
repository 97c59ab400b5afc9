-- Old slugs of posts whose slug changed, so their old URLs answer with a redirect.

CREATE TABLE post_slug_redirect (
    old_slug TEXT    NOT NULL PRIMARY KEY,
    post_id  INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX post_slug_redirect_on_post ON post_slug_redirect (post_id);
