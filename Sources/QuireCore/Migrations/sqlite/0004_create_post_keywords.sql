-- Related posts: each public or scheduled post's most distinctive terms with their TF-IDF
-- weights (an L2-normalised sparse vector), written with the post. A related list is the cosine
-- of two such vectors, found by reading, for each of a post's terms, the posts that weigh that
-- term most, plus shared tags. Drafts have no keywords.

CREATE TABLE post_keyword (
    post_id INTEGER NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    term    TEXT    NOT NULL,
    weight  REAL    NOT NULL CHECK (weight > 0),
    PRIMARY KEY (post_id, term)
) WITHOUT ROWID;

-- Each term's posts, heaviest first: a related list reads only the head of each.
CREATE INDEX post_keyword_on_term ON post_keyword (term, weight DESC, post_id);

-- How many posts the search index held when the post's weights were computed: weights made in a
-- much smaller blog are computed again as it grows.
ALTER TABLE post ADD COLUMN keywords_corpus_size INTEGER NOT NULL DEFAULT 0;

-- Document frequencies of the search index's terms, for IDF.
CREATE VIRTUAL TABLE post_search_vocabulary USING fts5vocab (post_search, 'row');
