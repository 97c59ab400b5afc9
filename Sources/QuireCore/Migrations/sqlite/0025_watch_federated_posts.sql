-- A post's ActivityStreams document names the id it was first sent under (`federated_post`), so
-- a change there changes an answer: it moves the content counter, as a post's change does.
CREATE TRIGGER change_after_federated_post_insert AFTER INSERT ON federated_post BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_federated_post_update AFTER UPDATE ON federated_post BEGIN UPDATE change_counter SET content = content + 1; END;
CREATE TRIGGER change_after_federated_post_delete AFTER DELETE ON federated_post BEGIN UPDATE change_counter SET content = content + 1; END;
