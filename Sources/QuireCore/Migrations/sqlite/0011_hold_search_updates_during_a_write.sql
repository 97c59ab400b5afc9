-- Writing a post with four tags rewrote its search entry nine times: once for the post row and
-- once for each tag link removed and added, every rewrite tokenizing the whole body twice (FTS5
-- deletes an entry by reading it again). Now a write holds the index: while post_search_hold has
-- its row, these triggers only note the post in post_search_pending, and the writer rewrites each
-- noted entry once at the end (PostSearchIndex.flush). Without the row they write as before.

CREATE TABLE post_search_hold (id INTEGER PRIMARY KEY CHECK (id = 1));
CREATE TABLE post_search_pending (post_id INTEGER PRIMARY KEY);

DROP TRIGGER post_search_after_post_insert;
CREATE TRIGGER post_search_after_post_insert AFTER INSERT ON post
WHEN new.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT INTO post_search (rowid, title, body, tags)
    VALUES (new.id, new.title, new.body_text, '');
END;
CREATE TRIGGER post_search_held_after_post_insert AFTER INSERT ON post
WHEN EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT OR IGNORE INTO post_search_pending (post_id) VALUES (new.id);
END;

DROP TRIGGER post_search_after_post_update;
CREATE TRIGGER post_search_after_post_update AFTER UPDATE OF title, body_text, status ON post
WHEN NOT EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    DELETE FROM post_search WHERE rowid = old.id;
    INSERT INTO post_search (rowid, title, body, tags)
    SELECT new.id, new.title, new.body_text,
           coalesce((SELECT group_concat(tag.name, ' ')
                     FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                     WHERE post_tag.post_id = new.id), '')
    WHERE new.status <> 'draft';
END;
CREATE TRIGGER post_search_held_after_post_update AFTER UPDATE OF title, body_text, status ON post
WHEN EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT OR IGNORE INTO post_search_pending (post_id) VALUES (new.id);
END;

DROP TRIGGER post_search_after_tag_link;
CREATE TRIGGER post_search_after_tag_link AFTER INSERT ON post_tag
WHEN NOT EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    UPDATE post_search
    SET tags = coalesce((SELECT group_concat(tag.name, ' ')
                         FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                         WHERE post_tag.post_id = new.post_id), '')
    WHERE rowid = new.post_id;
END;
CREATE TRIGGER post_search_held_after_tag_link AFTER INSERT ON post_tag
WHEN EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT OR IGNORE INTO post_search_pending (post_id) VALUES (new.post_id);
END;

DROP TRIGGER post_search_after_tag_unlink;
CREATE TRIGGER post_search_after_tag_unlink AFTER DELETE ON post_tag
WHEN NOT EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    UPDATE post_search
    SET tags = coalesce((SELECT group_concat(tag.name, ' ')
                         FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                         WHERE post_tag.post_id = old.post_id), '')
    WHERE rowid = old.post_id;
END;
CREATE TRIGGER post_search_held_after_tag_unlink AFTER DELETE ON post_tag
WHEN EXISTS (SELECT 1 FROM post_search_hold)
BEGIN
    INSERT OR IGNORE INTO post_search_pending (post_id) VALUES (old.post_id);
END;
