-- Related-post weights need, for each term, how many posts hold it (the IDF). SQLite reads that
-- from its FTS5 vocabulary; here each public post's meaningful terms (title, body, tag names, cut
-- by the same rules as FTS5's tokenizer: `Terms`) are kept in `post_terms`, and a trigger keeps
-- `term_document` counting them, so the weights, and the related lists, are SQLite's.
--
-- PostgreSQL reads each term's heaviest posts straight from `post_keyword_on_term`; SQLite's
-- term heads (`term_head`, `term_head_stale`) are not kept here.

CREATE TABLE post_terms (
    post_id bigint PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE,
    terms   text[] NOT NULL
);

CREATE TABLE term_document (
    term      text COLLATE "C" PRIMARY KEY,
    documents integer NOT NULL CHECK (documents >= 0)
);

-- Moves the counts from a post's old terms to its new ones. Rows are locked in term order, so
-- two posts saved at once that share terms wait for each other instead of deadlocking.
CREATE FUNCTION quire_count_post_terms() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone  text[] := CASE WHEN TG_OP = 'INSERT' THEN '{}'::text[]
                         WHEN TG_OP = 'DELETE' THEN OLD.terms
                         ELSE ARRAY(SELECT unnest(OLD.terms) EXCEPT SELECT unnest(NEW.terms)) END;
    added text[] := CASE WHEN TG_OP = 'DELETE' THEN '{}'::text[]
                         WHEN TG_OP = 'INSERT' THEN NEW.terms
                         ELSE ARRAY(SELECT unnest(NEW.terms) EXCEPT SELECT unnest(OLD.terms)) END;
BEGIN
    PERFORM 1 FROM term_document WHERE term = ANY (gone || added) ORDER BY term FOR UPDATE;
    UPDATE term_document SET documents = documents - 1 WHERE term = ANY (gone);
    INSERT INTO term_document (term, documents)
    SELECT term, 1 FROM unnest(added) AS term ORDER BY term
    ON CONFLICT (term) DO UPDATE SET documents = term_document.documents + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER count_post_terms AFTER INSERT OR UPDATE OR DELETE ON post_terms
    FOR EACH ROW EXECUTE FUNCTION quire_count_post_terms();

DROP TRIGGER term_head_stale_after_keyword_write ON post_keyword;
DROP FUNCTION quire_term_head_stale();
DROP TABLE term_head_stale;
DROP TABLE term_head;
