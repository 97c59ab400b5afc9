-- Uploaded images. The bytes live in this database, beside the posts that show them, so the
-- blog stays one file to back up and every process that serves it reaches them
-- (docs/media.md, "Where the files live").

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    -- The first 32 hex digits of the SHA-256 of the uploaded bytes: the files' names start with
    -- it, and the same upload twice is one media.
    hash       TEXT    NOT NULL UNIQUE CHECK (length(hash) = 32),
    -- The format read from the bytes, as a media type.
    type       TEXT    NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')),
    -- The full-size image, upright.
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    alt        TEXT    NOT NULL DEFAULT '',
    -- The full-size file's size in its own format.
    bytes      INTEGER NOT NULL CHECK (bytes > 0),
    owner_id   INTEGER REFERENCES user_account (id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL
);
-- The media library and GET /api/media, newest first.
CREATE INDEX media_newest ON media (created_at DESC, id DESC);
CREATE INDEX media_by_owner ON media (owner_id, created_at DESC, id DESC);

-- Each width of an image, in its own format and in WebP, as served at /media/{name}.
CREATE TABLE media_file (
    -- {hash}-{width}.{ext}
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width    INTEGER NOT NULL CHECK (width > 0),
    height   INTEGER NOT NULL CHECK (height > 0),
    type     TEXT    NOT NULL,
    data     BLOB    NOT NULL
);
-- A media's sizes, and the cascade when it is deleted.
CREATE INDEX media_file_by_media ON media_file (media_id, width);

-- Pages show an image's sizes (srcset, width, height): a change to the media changes them.
CREATE TRIGGER change_after_media_insert AFTER INSERT ON media BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_media_update AFTER UPDATE ON media BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_media_delete AFTER DELETE ON media BEGIN UPDATE change_counter SET content = content + 1; END;
