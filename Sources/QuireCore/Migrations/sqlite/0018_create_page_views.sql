-- Views of public pages, per day (UTC) and path, for the admin's stats. Counted in memory and
-- added here about once a minute; no cookie, address or user agent is ever stored.
CREATE TABLE page_view (
    day   TEXT    NOT NULL,
    path  TEXT    NOT NULL,
    views INTEGER NOT NULL CHECK (views >= 0),
    PRIMARY KEY (day, path)
) WITHOUT ROWID;
