-- The head of each term's list of posts in one blob: the posts that weigh the term most, as many
-- as a related list reads (TermHeads.postsPerTerm), each as its id and weight. A related list reads
-- its post's 60 terms as 60 blobs where it read some 12,000 rows of the term index.
--
-- `post_keyword` stays the truth. A trigger notes every term whose rows change in
-- `term_head_stale`; a related list reads a stale term from the index, as before, until the
-- writer writes its head again (TermHeads.writeStale). A head is never out of date, only
-- sometimes not yet usable.

CREATE TABLE term_head (
    term     TEXT PRIMARY KEY,
    postings BLOB NOT NULL
);

CREATE TABLE term_head_stale (
    term TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER term_head_stale_after_keyword_insert AFTER INSERT ON post_keyword
BEGIN
    INSERT OR IGNORE INTO term_head_stale (term) VALUES (new.term);
END;

CREATE TRIGGER term_head_stale_after_keyword_delete AFTER DELETE ON post_keyword
BEGIN
    INSERT OR IGNORE INTO term_head_stale (term) VALUES (old.term);
END;

CREATE TRIGGER term_head_stale_after_keyword_update AFTER UPDATE ON post_keyword
BEGIN
    INSERT OR IGNORE INTO term_head_stale (term) VALUES (old.term);
    INSERT OR IGNORE INTO term_head_stale (term) VALUES (new.term);
END;

-- An existing blog's heads are all to be written: `quire serve` does it at start.
INSERT INTO term_head_stale (term) SELECT DISTINCT term FROM post_keyword;
