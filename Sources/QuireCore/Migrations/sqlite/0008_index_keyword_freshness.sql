-- `quire serve` looks at start for posts whose related-post weights were made when the blog was
-- much smaller; with this index that is a range read instead of a scan of every post.
CREATE INDEX post_keywords_corpus_size ON post (keywords_corpus_size);
