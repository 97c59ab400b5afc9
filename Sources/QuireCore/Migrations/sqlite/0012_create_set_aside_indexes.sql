-- A large import drops the index of related-post keywords while it writes millions of them and
-- builds it again at the end (PostKeywords.refreshStale): rows are then sorted once, instead of
-- every batch rewriting most pages of a growing index. The index's definition waits here
-- meanwhile, so a process killed half-way leaves what is needed to build it again.

CREATE TABLE set_aside_index (
    name TEXT PRIMARY KEY,
    sql  TEXT NOT NULL
);
