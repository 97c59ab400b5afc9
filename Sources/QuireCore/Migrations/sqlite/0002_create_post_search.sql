-- Full-text index over every post that is not a draft: title, plain body text and tag names.
-- Scheduled posts are indexed too and filtered by date when read, so they appear on time
-- without a write. Triggers keep the index in step with every write to post, post_tag and tag.

CREATE VIRTUAL TABLE post_search USING fts5 (
    title, body, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER post_search_after_post_insert AFTER INSERT ON post
WHEN new.status <> 'draft'
BEGIN
    INSERT INTO post_search (rowid, title, body, tags)
    VALUES (new.id, new.title, new.body_text, '');
END;

CREATE TRIGGER post_search_after_post_update AFTER UPDATE OF title, body_text, status ON post
BEGIN
    DELETE FROM post_search WHERE rowid = old.id;
    INSERT INTO post_search (rowid, title, body, tags)
    SELECT new.id, new.title, new.body_text,
           coalesce((SELECT group_concat(tag.name, ' ')
                     FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                     WHERE post_tag.post_id = new.id), '')
    WHERE new.status <> 'draft';
END;

CREATE TRIGGER post_search_after_post_delete AFTER DELETE ON post
BEGIN
    DELETE FROM post_search WHERE rowid = old.id;
END;

CREATE TRIGGER post_search_after_tag_link AFTER INSERT ON post_tag
BEGIN
    UPDATE post_search
    SET tags = coalesce((SELECT group_concat(tag.name, ' ')
                         FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                         WHERE post_tag.post_id = new.post_id), '')
    WHERE rowid = new.post_id;
END;

CREATE TRIGGER post_search_after_tag_unlink AFTER DELETE ON post_tag
BEGIN
    UPDATE post_search
    SET tags = coalesce((SELECT group_concat(tag.name, ' ')
                         FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                         WHERE post_tag.post_id = old.post_id), '')
    WHERE rowid = old.post_id;
END;

CREATE TRIGGER post_search_after_tag_rename AFTER UPDATE OF name ON tag
BEGIN
    UPDATE post_search
    SET tags = coalesce((SELECT group_concat(tag.name, ' ')
                         FROM post_tag JOIN tag ON tag.id = post_tag.tag_id
                         WHERE post_tag.post_id = post_search.rowid), '')
    WHERE rowid IN (SELECT post_id FROM post_tag WHERE tag_id = new.id);
END;
