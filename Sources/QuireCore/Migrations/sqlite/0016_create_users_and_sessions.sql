-- The people who write and run the blog (the admin's users), their browser sessions, the
-- one-time links that let them choose a password, and failed sign-ins for throttling.
-- Every secret here is stored as a hash: bcrypt for passwords, SHA-256 for random tokens.

CREATE TABLE user_account (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (instr(email, '@') > 1),
    name          TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'author')),
    -- bcrypt; NULL until the user has set a password through their link.
    password_hash TEXT,
    created_at    TEXT    NOT NULL
);

CREATE TABLE user_session (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
    -- SHA-256 of the cookie's value, hex.
    token_hash   TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at   TEXT    NOT NULL,
    last_used_at TEXT    NOT NULL,
    user_agent   TEXT    NOT NULL DEFAULT ''
);
-- A user's sessions, for the account screen and for ending them all.
CREATE INDEX user_session_by_user ON user_session (user_id);

CREATE TABLE sign_in_link (
    -- SHA-256 of the link's token, hex.
    token_hash TEXT    NOT NULL PRIMARY KEY CHECK (length(token_hash) = 64),
    -- NULL for the link that makes the first admin, who gives their name and email with it.
    user_id    INTEGER REFERENCES user_account (id) ON DELETE CASCADE,
    expires_at TEXT    NOT NULL
) WITHOUT ROWID;
-- A new link for a user replaces their old ones.
CREATE INDEX sign_in_link_by_user ON sign_in_link (user_id);

-- Failed sign-ins by account (a keyed hash of the email) and by client (a keyed hash of the
-- address): the next attempt waits longer with each failure.
CREATE TABLE sign_in_failure (
    key             TEXT    NOT NULL PRIMARY KEY,
    failures        INTEGER NOT NULL CHECK (failures > 0),
    last_failure_at TEXT    NOT NULL
) WITHOUT ROWID;

-- When each API token was last used, for the admin's token list.
ALTER TABLE api_token ADD COLUMN last_used_at TEXT;
