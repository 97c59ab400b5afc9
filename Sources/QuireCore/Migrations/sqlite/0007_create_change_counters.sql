-- Counters that move with every write, whoever makes it (the server, `quire import` beside it),
-- so the server's page cache drops exactly what a write changed: any change to posts, tags,
-- redirects or settings drops every page; a comment write drops only the pages that show that
-- post's comments or comment count.

CREATE TABLE change_counter (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    -- Moves with every change to what pages show other than comments.
    content  INTEGER NOT NULL DEFAULT 0,
    -- A sequence number for comment writes.
    comments INTEGER NOT NULL DEFAULT 0
);
INSERT INTO change_counter (id) VALUES (1);

-- For each post, the comment sequence number of its last comment write.
CREATE TABLE post_comment_change (
    post_id  INTEGER NOT NULL PRIMARY KEY,
    sequence INTEGER NOT NULL
);
CREATE INDEX post_comment_change_by_sequence ON post_comment_change (sequence);

CREATE TRIGGER change_after_post_insert AFTER INSERT ON post BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_update AFTER UPDATE ON post BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_delete AFTER DELETE ON post BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_tag_insert AFTER INSERT ON tag BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_tag_update AFTER UPDATE ON tag BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_tag_delete AFTER DELETE ON tag BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_tag_insert AFTER INSERT ON post_tag BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_post_tag_delete AFTER DELETE ON post_tag BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_redirect_insert AFTER INSERT ON post_slug_redirect BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_redirect_update AFTER UPDATE ON post_slug_redirect BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_redirect_delete AFTER DELETE ON post_slug_redirect BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_setting_insert AFTER INSERT ON site_setting BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_setting_update AFTER UPDATE ON site_setting BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_setting_delete AFTER DELETE ON site_setting BEGIN UPDATE change_counter SET content = content + 1; END;

CREATE TRIGGER change_after_comment_insert AFTER INSERT ON comment
BEGIN
    UPDATE change_counter SET comments = comments + 1;
    INSERT INTO post_comment_change (post_id, sequence) VALUES (new.post_id, (SELECT comments FROM change_counter))
    ON CONFLICT (post_id) DO UPDATE SET sequence = excluded.sequence;
END;

CREATE TRIGGER change_after_comment_update AFTER UPDATE ON comment
BEGIN
    UPDATE change_counter SET comments = comments + 1;
    INSERT INTO post_comment_change (post_id, sequence) VALUES (new.post_id, (SELECT comments FROM change_counter))
    ON CONFLICT (post_id) DO UPDATE SET sequence = excluded.sequence;
    INSERT INTO post_comment_change (post_id, sequence) VALUES (old.post_id, (SELECT comments FROM change_counter))
    ON CONFLICT (post_id) DO UPDATE SET sequence = excluded.sequence;
END;

CREATE TRIGGER change_after_comment_delete AFTER DELETE ON comment
BEGIN
    UPDATE change_counter SET comments = comments + 1;
    INSERT INTO post_comment_change (post_id, sequence) VALUES (old.post_id, (SELECT comments FROM change_counter))
    ON CONFLICT (post_id) DO UPDATE SET sequence = excluded.sequence;
END;
