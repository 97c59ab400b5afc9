-- Federation (docs/federation.md): the servers' actors the blog has met, who follows it, the
-- domains the owner blocked, and the queue of activities still to deliver.

-- An actor of another server, as last fetched: where to deliver to it and the key that checks
-- its signatures. Refetched when a signature fails (the key may have rotated).
CREATE TABLE remote_actor (
    id             INTEGER PRIMARY KEY,
    uri            TEXT    NOT NULL UNIQUE,
    inbox          TEXT    NOT NULL,
    -- Its server's shared inbox, where one delivery reaches every follower on that host.
    shared_inbox   TEXT,
    key_id         TEXT    NOT NULL,
    public_key_pem TEXT    NOT NULL,
    -- preferredUsername, name and profile page, for the admin and for comments.
    handle         TEXT    NOT NULL DEFAULT '',
    name           TEXT    NOT NULL DEFAULT '',
    profile_url    TEXT    NOT NULL DEFAULT '',
    fetched_at     TEXT    NOT NULL
);
CREATE INDEX remote_actor_by_key ON remote_actor (key_id);

CREATE TABLE follower (
    actor_id    INTEGER NOT NULL PRIMARY KEY REFERENCES remote_actor (id) ON DELETE CASCADE,
    -- The Follow activity's id, which the Accept names.
    follow_id   TEXT    NOT NULL,
    followed_at TEXT    NOT NULL
);

-- Nothing from a blocked domain (or its subdomains) is taken, and its followers are removed.
CREATE TABLE blocked_domain (
    domain     TEXT NOT NULL PRIMARY KEY,
    blocked_at TEXT NOT NULL
) WITHOUT ROWID;

-- One activity (its JSON as sent) for one inbox; deleted once delivered or given up.
CREATE TABLE delivery (
    id              INTEGER PRIMARY KEY,
    inbox           TEXT    NOT NULL,
    activity        TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at      TEXT    NOT NULL,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT
);
CREATE INDEX delivery_due ON delivery (next_attempt_at);

-- Each host's run of failed deliveries, for the admin and for backing off a host that is down.
CREATE TABLE delivery_host (
    host            TEXT    NOT NULL PRIMARY KEY,
    failures        INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at TEXT,
    last_error      TEXT
) WITHOUT ROWID;

-- Each post the blog has told its followers of, or seen and not told (published before the
-- blog began to federate): the Article's id it went out under, the version last sent, and when
-- its Delete went out (its URL then answers ActivityPub clients 410 with a Tombstone).
CREATE TABLE federated_post (
    object_id    TEXT    NOT NULL PRIMARY KEY,
    -- NULL once the post is deleted: its Delete is then due.
    post_id      INTEGER UNIQUE REFERENCES post (id) ON DELETE SET NULL,
    announced    INTEGER NOT NULL CHECK (announced IN (0, 1)),
    -- The post's updated_at when it was last sent.
    sent_version TEXT,
    deleted_at   TEXT
) WITHOUT ROWID;
CREATE INDEX federated_post_removed ON federated_post (post_id) WHERE post_id IS NULL;

-- One row: when the blog began to federate (posts published before then are not sent), how far
-- the publisher has looked at the posts' changes, and until when one process has the look to
-- itself.
CREATE TABLE federation_state (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    started_at    TEXT    NOT NULL,
    checked_until TEXT    NOT NULL,
    lease_until   TEXT
);

-- A comment that arrived as a fediverse reply: the Note's id and its author, so that the Note's
-- Update and Delete reach the comment, from that author only.
CREATE TABLE comment_activity (
    object_id  TEXT    NOT NULL PRIMARY KEY,
    comment_id INTEGER NOT NULL UNIQUE REFERENCES comment (id) ON DELETE CASCADE,
    actor_uri  TEXT    NOT NULL
) WITHOUT ROWID;

-- Likes and boosts (Announce) of a post from the fediverse, one of each kind per actor, counted
-- on the post's page. A change moves the content counter: the page shows the counts.
CREATE TABLE post_reaction (
    activity_id TEXT    NOT NULL PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    actor_uri   TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('like', 'boost')),
    created_at  TEXT    NOT NULL,
    UNIQUE (post_id, actor_uri, kind)
) WITHOUT ROWID;
CREATE TRIGGER change_after_post_reaction_insert AFTER INSERT ON post_reaction BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_reaction_update AFTER UPDATE ON post_reaction BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_reaction_delete AFTER DELETE ON post_reaction BEGIN UPDATE change_counter SET content = content + 1; END;
