-- Whether a post is public, and its date, by id, from an index of a few bytes a post: a related
-- list asks this of some 80 candidates, and the post table's B-tree (mostly bodies, gigabytes on
-- a large blog) costs a page read or two for each, where this index stays in the page cache.

CREATE INDEX post_visibility ON post (id, status, published_at);
