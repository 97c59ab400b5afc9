-- Posts imported from WordPress keep their HTML body as it was written ('html'); every other
-- post's source is Markdown.
ALTER TABLE post ADD COLUMN body_format TEXT NOT NULL DEFAULT 'markdown'
    CHECK (body_format IN ('markdown', 'html'));

-- What each import brought in, keyed by where it came from (such as
-- 'wordpress|https://old.example|post|12'), so importing the same export again adds nothing
-- twice. A row goes with the post or comment it names.
CREATE TABLE import_record (
    source_key TEXT    NOT NULL PRIMARY KEY,
    post_id    INTEGER REFERENCES post (id) ON DELETE CASCADE,
    comment_id INTEGER REFERENCES comment (id) ON DELETE CASCADE,
    CHECK ((post_id IS NULL) <> (comment_id IS NULL))
) WITHOUT ROWID;

CREATE INDEX import_record_on_post ON import_record (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX import_record_on_comment ON import_record (comment_id) WHERE comment_id IS NOT NULL;
