-- As SQLite's 0025: a change to `federated_post` (the id a post's Article goes by) moves the
-- content counter.
CREATE TRIGGER change_after_federated_post_insert AFTER INSERT ON federated_post REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION quire_content_changed_rows();
CREATE TRIGGER change_after_federated_post_update AFTER UPDATE ON federated_post REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION quire_content_changed_rows();
CREATE TRIGGER change_after_federated_post_delete AFTER DELETE ON federated_post REFERENCING OLD TABLE AS changed_before
    FOR EACH STATEMENT EXECUTE FUNCTION quire_content_changed_rows();
