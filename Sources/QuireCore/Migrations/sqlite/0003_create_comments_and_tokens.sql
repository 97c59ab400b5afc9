-- Reader comments, the site's generated secret, and the authors' API tokens.

CREATE TABLE comment (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    -- A reply keeps its place in the thread; if its parent is deleted it stands on its own.
    parent_id    INTEGER REFERENCES comment (id) ON DELETE SET NULL,
    depth        INTEGER NOT NULL DEFAULT 1 CHECK (depth >= 1),
    author_name  TEXT    NOT NULL CHECK (length(trim(author_name)) > 0),
    author_email TEXT    NOT NULL COLLATE NOCASE CHECK (instr(author_email, '@') > 1),
    author_url   TEXT    CHECK (author_url IS NULL OR author_url LIKE 'http://%' OR author_url LIKE 'https://%'),
    body         TEXT    NOT NULL CHECK (length(trim(body)) > 0),
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
    created_at   TEXT    NOT NULL,
    -- A keyed hash of the client address, for rate limits and moderation; never the address.
    client_hash  TEXT    NOT NULL,
    user_agent   TEXT    NOT NULL DEFAULT ''
);

-- A post page: its approved comments in date order.
CREATE INDEX comment_on_post ON comment (post_id, status, created_at, id);
-- The moderation queue: comments of a status, newest first.
CREATE INDEX comment_on_status ON comment (status, created_at DESC, id DESC);
-- The rate limit: recent comments from one client.
CREATE INDEX comment_on_client ON comment (client_hash, created_at);
-- "Has this address had a comment approved before?"
CREATE INDEX comment_on_email ON comment (author_email, status);
CREATE INDEX comment_on_parent ON comment (parent_id);

CREATE TABLE site_setting (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE api_token (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- SHA-256 of the token, hex; the token itself is shown once and never stored.
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at TEXT NOT NULL
);
