-- A whole blog's terms written at once (`quire copy-database`, `quire restore`) are counted in
-- one statement rather than by 0003's trigger post by post: in one transaction, each post's
-- trigger updates the same `term_document` rows again, and every update of a row that the
-- transaction already updated walks all its earlier versions, so the time grew with the square
-- of the blog's size. A transaction that sets `quire.count_terms_in_bulk` to 'on' skips the
-- trigger and counts `term_document` again itself (`PostgresPostKeywords.rebuildAll`).
CREATE OR REPLACE FUNCTION quire_count_post_terms() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone  text[];
    added text[];
BEGIN
    IF current_setting('quire.count_terms_in_bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    gone := CASE WHEN TG_OP = 'INSERT' THEN '{}'::text[]
                 WHEN TG_OP = 'DELETE' THEN OLD.terms
                 ELSE ARRAY(SELECT unnest(OLD.terms) EXCEPT SELECT unnest(NEW.terms)) END;
    added := CASE WHEN TG_OP = 'DELETE' THEN '{}'::text[]
                  WHEN TG_OP = 'INSERT' THEN NEW.terms
                  ELSE ARRAY(SELECT unnest(NEW.terms) EXCEPT SELECT unnest(OLD.terms)) END;
    PERFORM 1 FROM term_document WHERE term = ANY (gone || added) ORDER BY term FOR UPDATE;
    UPDATE term_document SET documents = documents - 1 WHERE term = ANY (gone);
    INSERT INTO term_document (term, documents)
    SELECT term, 1 FROM unnest(added) AS term ORDER BY term
    ON CONFLICT (term) DO UPDATE SET documents = term_document.documents + 1;
    RETURN NULL;
END
$$;
