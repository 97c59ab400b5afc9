-- Webmention (docs/federation.md, "Webmention"): the mentions other sites send the blog, and
-- the ones it sends them.

-- A Webmention received: `source` says it links to `target`, a post. Its source is fetched in
-- the background (under the outbound rules); once it is seen to link here the mention stands as
-- a comment under the post, held for the owner like any comment. A later check that finds the
-- source gone (404, 410) or no longer linking removes the comment and this row.
CREATE TABLE webmention (
    id          INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,
    -- The source's host, in lower case: one host may have only so many checks waiting.
    source_host TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    post_id     INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    -- The comment that shows it; NULL until it is verified (or once the owner deleted it).
    comment_id  INTEGER UNIQUE REFERENCES comment (id) ON DELETE SET NULL,
    -- When it was last sent: a check that began before then is done again.
    received_at TEXT    NOT NULL,
    -- When the source is to be fetched (again); NULL when nothing is due.
    check_at    TEXT,
    -- Until when a check under way has it to itself (a process that dies lets go then).
    leased_until TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error  TEXT,
    UNIQUE (source, post_id)
);
CREATE INDEX webmention_due ON webmention (check_at) WHERE check_at IS NOT NULL;

-- The pages each of the blog's posts linked to when it was last sent, so that a link an edit
-- takes out, and every link of a deleted post, is told too. `post_key` is the id the post was
-- federated under (`federated_post.object_id`), which outlives the post; `source` is the URL
-- the Webmention named.
CREATE TABLE webmention_link (
    post_key TEXT NOT NULL,
    target   TEXT NOT NULL,
    source   TEXT NOT NULL,
    PRIMARY KEY (post_key, target)
) WITHOUT ROWID;

-- Webmentions still to send: discovery of the target's endpoint, then the POST. Deleted once
-- sent, when the target has no endpoint, or when given up.
CREATE TABLE webmention_outbox (
    id              INTEGER PRIMARY KEY,
    source          TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at      TEXT    NOT NULL,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT
);
CREATE INDEX webmention_outbox_due ON webmention_outbox (next_attempt_at);
