-- Three things 0001 left short of SQLite's behaviour and cost:
-- - Search ignores accents, as SQLite's FTS5 index does (`remove_diacritics`): "cafe" finds
--   "Café". `unaccent` is a trusted extension of PostgreSQL's own contrib, so the database's
--   owner may create it.
-- - A save rebuilds a post's search document once per statement, not once per tag linked:
--   the tag triggers read the statement's rows from transition tables.
-- - The change counters move only when a statement changed a row (a per-statement trigger
--   fires for none, too), so a statement that changes nothing empties no page cache.

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE OR REPLACE FUNCTION quire_post_document(post_id bigint) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('simple', unaccent(post.title)), 'A')
        || setweight(to_tsvector('simple', unaccent(coalesce((SELECT string_agg(tag.name, ' ')
                                                               FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                                                               WHERE post_tag.post_id = post.id), ''))), 'B')
        || setweight(to_tsvector('simple', unaccent(post.body_text)), 'D')
    FROM post WHERE post.id = quire_post_document.post_id
$$;

-- Every document again, now without accents.
SELECT quire_index_posts(ARRAY(SELECT id FROM post));

DROP TRIGGER post_search_after_tag_link ON post_tag;
DROP TRIGGER post_search_after_tag_rename ON tag;

CREATE FUNCTION quire_index_linked_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM quire_index_posts(ARRAY(SELECT DISTINCT post_id FROM linked));
    ELSE
        PERFORM quire_index_posts(ARRAY(SELECT DISTINCT post_id FROM unlinked));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER post_search_after_tag_link AFTER INSERT ON post_tag
    REFERENCING NEW TABLE AS linked FOR EACH STATEMENT EXECUTE FUNCTION quire_index_linked_posts();
CREATE TRIGGER post_search_after_tag_unlink AFTER DELETE ON post_tag
    REFERENCING OLD TABLE AS unlinked FOR EACH STATEMENT EXECUTE FUNCTION quire_index_linked_posts();

CREATE FUNCTION quire_index_renamed_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM quire_index_posts(ARRAY(SELECT DISTINCT post_tag.post_id FROM post_tag JOIN renamed ON renamed.id = post_tag.tag_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER post_search_after_tag_rename AFTER UPDATE ON tag
    REFERENCING NEW TABLE AS renamed FOR EACH STATEMENT EXECUTE FUNCTION quire_index_renamed_tags();

-- The content counter, moved only when the statement changed a row.
CREATE FUNCTION quire_content_changed_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counter bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM changed_before LIMIT 1;
    ELSE
        PERFORM 1 FROM changed LIMIT 1;
    END IF;
    IF FOUND THEN
        UPDATE change_counter SET content = content + 1 WHERE id = 1 RETURNING content INTO counter;
        PERFORM pg_notify('quire_change', 'content ' || counter);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    watched text;
BEGIN
    FOREACH watched IN ARRAY ARRAY['post', 'tag', 'post_tag', 'post_slug_redirect', 'site_setting', 'media'] LOOP
        EXECUTE format('DROP TRIGGER change_after_%1$s ON %2$I', CASE watched WHEN 'post_slug_redirect' THEN 'redirect'
                                                                            WHEN 'site_setting' THEN 'setting'
                                                                            ELSE watched END, watched);
        EXECUTE format('CREATE TRIGGER change_after_%1$s_insert AFTER INSERT ON %1$I REFERENCING NEW TABLE AS changed
                        FOR EACH STATEMENT EXECUTE FUNCTION quire_content_changed_rows()', watched);
        EXECUTE format('CREATE TRIGGER change_after_%1$s_update AFTER UPDATE ON %1$I REFERENCING NEW TABLE AS changed
                        FOR EACH STATEMENT EXECUTE FUNCTION quire_content_changed_rows()', watched);
        EXECUTE format('CREATE TRIGGER change_after_%1$s_delete AFTER DELETE ON %1$I REFERENCING OLD TABLE AS changed_before
                        FOR EACH STATEMENT EXECUTE FUNCTION quire_content_changed_rows()', watched);
    END LOOP;
END
$$;

DROP FUNCTION quire_content_changed();
