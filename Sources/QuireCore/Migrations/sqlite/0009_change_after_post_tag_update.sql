-- Every table that pages read has a change trigger for each kind of write (PageDependencies in
-- QuireCore lists them, and FreshnessTests checks them); post_tag lacked the one for UPDATE.
CREATE TRIGGER change_after_post_tag_update AFTER UPDATE ON post_tag BEGIN UPDATE change_counter SET content = content + 1; END;
