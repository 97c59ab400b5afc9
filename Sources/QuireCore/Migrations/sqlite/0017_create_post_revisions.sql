-- Who owns a post (an author edits only their own), its version for optimistic concurrency
-- (every save moves it; a save made from an older version is refused), and a revision kept
-- for every save through the admin or the API.

ALTER TABLE post ADD COLUMN owner_id INTEGER REFERENCES user_account (id) ON DELETE SET NULL;
ALTER TABLE post ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
-- The admin's post lists, most recently saved first: all posts, by status, an author's own.
CREATE INDEX post_admin_order ON post (updated_at DESC, id DESC);
CREATE INDEX post_admin_by_status ON post (status, updated_at DESC, id DESC);
CREATE INDEX post_by_owner ON post (owner_id, updated_at DESC, id DESC);

CREATE TABLE post_revision (
    id                     INTEGER PRIMARY KEY,
    post_id                INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    -- The post's version that this save made.
    version                INTEGER NOT NULL,
    saved_at               TEXT    NOT NULL,
    saved_by               INTEGER REFERENCES user_account (id) ON DELETE SET NULL,
    title                  TEXT    NOT NULL,
    slug                   TEXT    NOT NULL,
    excerpt                TEXT    NOT NULL,
    body_markdown          TEXT    NOT NULL,
    body_format            TEXT    NOT NULL,
    -- The tag names, one per line.
    tags                   TEXT    NOT NULL,
    featured_image_url     TEXT,
    featured_image_alt     TEXT,
    featured_image_caption TEXT,
    comments_open          INTEGER NOT NULL,
    status                 TEXT    NOT NULL,
    published_at           TEXT,
    UNIQUE (post_id, version)
);
-- Removing a user clears what they saved.
CREATE INDEX post_revision_by_user ON post_revision (saved_by);

-- A reply written from the admin by a user: shown as the author's on the public page.
ALTER TABLE comment ADD COLUMN user_id INTEGER REFERENCES user_account (id) ON DELETE SET NULL;
CREATE INDEX comment_by_user ON comment (user_id);
