-- Related posts on long documents: each post's fuller TF-IDF vector (its 200 heaviest terms,
-- L2-normalised), one compact blob per post. `post_keyword` keeps only the heaviest terms, enough
-- to find candidates through its index; the candidates are then ranked by the cosine of these
-- fuller vectors, which is what a long post needs. Drafts have none.

CREATE TABLE post_term_vector (
    post_id INTEGER PRIMARY KEY REFERENCES post (id) ON DELETE CASCADE,
    vector  BLOB    NOT NULL
);

-- Every post's weights are computed again (by `quire serve` at start, in batches), now with vectors.
UPDATE post SET keywords_corpus_size = 0;
